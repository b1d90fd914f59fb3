import ArgumentParser
import ClusterMatchApp
import CSV
import JSONSupport
import MatchCore
import Reports

extension ProfilesCommand {
    /// `profiles list`: the shipped profiles, each with its description.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shipped scoring profiles and what each is for.")

        @OptionGroup var output: FormatOption

        func run() throws {
            try perform {
                let profiles = try ClusterMatch.profileNames().map { (name: $0, profile: try ClusterMatch.scoringProfile($0)) }
                switch output.format {
                case .json:
                    Output.line(JSONValue.array(profiles.map { p in
                        .object(JSONObject([("name", .string(p.name)), ("description", .string(p.profile.description)),
                                            ("default", .bool(p.name == ClusterMatch.defaultProfile))]))
                    }).serialized(pretty: true))
                case .csv:
                    Output.write(CSVWriter.render(header: ["name", "description", "default"], rows: profiles.map { p in
                        [p.name, p.profile.description, p.name == ClusterMatch.defaultProfile ? "yes" : "no"]
                    }))
                case .table:
                    Output.write(TextTable.render(header: ["name", "description"], rows: profiles.map { p in
                        [p.name + (p.name == ClusterMatch.defaultProfile ? " (default)" : ""), p.profile.description]
                    }, maxWidth: 100))
                    Output.line()
                    Output.line("Show one to copy and edit: clustermatch profiles show NAME > my-profile.json; use it with --profile my-profile.json")
                }
            }
        }
    }

    /// `profiles show NAME`: the profile file as shipped, to copy and edit.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a scoring profile's JSON (a shipped name or a file), to copy and edit.",
            discussion: "Write it to a file, change weights or rules, and pass the file with --profile FILE.")

        @Argument(help: "A shipped profile's name (brokerage, research, cluster-to-cluster, peers) or a .json file.") var profile: String

        func run() throws {
            try perform {
                let (_, text) = try ClusterMatch.profileText(profile)
                Output.write(text.hasSuffix("\n") ? text : text + "\n")
            }
        }
    }
}
