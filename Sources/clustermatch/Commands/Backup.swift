import ArgumentParser
import ClusterMatchApp

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database to FILE, while other processes use it.",
        discussion: """
            Uses SQLite's online backup from one read transaction: readers and writers go on \
            meanwhile, and the copy is what the database held at one moment. A WAL database is \
            more than one file, so copying the file is not a backup; this is. The copy is a \
            single file that clustermatch opens with --db.
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Replace FILE if it exists.") var overwrite = false
    @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "file")) var file: String

    func run() throws {
        try perform {
            let bytes = try database.open().backup(to: file, overwrite: overwrite)
            Output.line("backed up \(database.path) to \(file) (\(bytes) bytes)")
        }
    }
}
