import ClusterMatchApp
import EventPlanner
import JSONSupport
import MatchCore

extension RPCService {
    /// Plans an event file: `app.planEvent`. The result is the schedule, the same object as
    /// `clustermatch event plan --format json` prints; with `out`, schedule.json and
    /// meetings.csv are also written there, as with `--out`.
    func eventPlan(_ p: inout Params) throws -> JSONValue {
        let path = p.string("path", required: true)
        let out = p.string("out")
        try p.check()
        return try app.planEvent(file: path!, out: out).json
    }

    /// Re-plans an event file against a previous schedule file with minimum change: `app.replanEvent`.
    func eventReplan(_ p: inout Params) throws -> JSONValue {
        let path = p.string("path", required: true)
        let previous = p.string("previous", required: true)
        let out = p.string("out")
        try p.check()
        return try app.replanEvent(file: path!, previous: previous!, out: out).json
    }

    /// Writes a schedule file's exports into a folder: `app.exportSchedule`.
    func eventExport(_ p: inout Params) throws -> JSONValue {
        let schedule = p.string("schedule", required: true)
        let formatName = p.string("format", required: true)
        let out = p.string("out", required: true)
        let format = formatName.flatMap(ScheduleExportFormat.init(rawValue:))
        if let formatName, format == nil {
            p.fail("format", .string(formatName), "must be one of: \(ScheduleExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try p.check()
        let written = try app.exportSchedule(file: schedule!, format: format!, out: out!)
        var o = JSONObject([("files", .array(written.files.map { .string($0) }))])
        if !written.warnings.isEmpty { o["warnings"] = .array(written.warnings.map { .string($0) }) }
        return .object(o)
    }

}
