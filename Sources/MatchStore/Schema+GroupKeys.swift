internal import GRDB

extension Schema {
    /// v14: a group record's key was its name alone, so a second source's `P1` replaced the
    /// first's. Keys become `group|source|name` (`Collaboration.group`); pair records
    /// (`pair|…`) and CORDIS projects (`cordis:…`, source `cordis`) keep theirs. Members follow
    /// their record's key (the member table's key is not updated in cascade).
    static func groupKeysBySource(_ db: Database) throws {
        let isGroup = "key NOT LIKE 'pair|%' AND NOT (source = 'cordis' AND key LIKE 'cordis:%')"
        try db.execute(sql: """
            CREATE TEMP TABLE renamed_group AS
                SELECT key AS old, 'group|' || source || '|' || key AS new FROM collaboration WHERE \(isGroup);
            INSERT OR IGNORE INTO collaboration(key, kind, date, weight, source)
                SELECT r.new, c.kind, c.date, c.weight, c.source FROM collaboration c JOIN renamed_group r ON r.old = c.key;
            INSERT OR IGNORE INTO collaboration_member(collaboration_key, member)
                SELECT r.new, m.member FROM collaboration_member m JOIN renamed_group r ON r.old = m.collaboration_key;
            DELETE FROM collaboration_member WHERE collaboration_key IN (SELECT old FROM renamed_group);
            DELETE FROM collaboration WHERE key IN (SELECT old FROM renamed_group);
            DROP TABLE renamed_group;
            """)
    }
}
