extension String {
    /// A field or param name without case, `_` or `-`: `dry_run`, `DryRun` and `dryrun` are
    /// one name. Misspelt fields and params are recognised by it.
    public var foldedName: String { lowercased().filter { $0 != "_" && $0 != "-" } }
}
