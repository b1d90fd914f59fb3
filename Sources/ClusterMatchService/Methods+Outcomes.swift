import ClusterMatchApp
import EventPlanner
import JSONSupport
import Reports

extension RPCService {
    /// Imports an outcomes file against the schedule it was planned in: `app.importOutcomes`.
    /// The result is the same object as `clustermatch event outcomes --format json` prints.
    func eventOutcomes(_ p: inout Params) throws -> JSONValue {
        let path = p.string("path", required: true)
        let schedule = p.string("schedule", required: true)
        try p.check()
        return try app.importOutcomes(file: path!, schedule: schedule!).json
    }

    /// An event's outcome report: `app.outcomeReport`. The result is the report JSON, as
    /// `clustermatch event outcome-report --format json` prints; with `out`, the HTML, JSON
    /// and CSV files are also written there, as with `--out`.
    func eventOutcomeReport(_ p: inout Params) throws -> JSONValue {
        let event = p.string("event", required: true)
        let out = p.string("out")
        try p.check()
        let (report, name) = try app.outcomeReport(event: event!)
        if let out { _ = try ClusterMatch.write(report.files(name: name), to: out) }
        return report.json
    }
}
