/// The schema, as numbered steps kept in `PRAGMA user_version`. Append, never edit a shipped step.
package enum Migrations {
    package static let steps: [String] = [
        // 1: accounts, keys, recipients, activities and what each device got.
        """
        CREATE TABLE accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            billing_state TEXT
        );
        CREATE TABLE api_keys (
            key TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            scope TEXT NOT NULL CHECK (scope IN ('all', 'channels')),
            channels TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE channels (
            account_id TEXT NOT NULL REFERENCES accounts(id),
            slug TEXT NOT NULL,
            PRIMARY KEY (account_id, slug)
        );
        CREATE TABLE users (
            account_id TEXT NOT NULL REFERENCES accounts(id),
            id TEXT NOT NULL,
            PRIMARY KEY (account_id, id)
        );
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            user_id TEXT NOT NULL,
            name TEXT,
            channels TEXT NOT NULL DEFAULT '[]',
            token_behavior TEXT NOT NULL CHECK (token_behavior IN ('immediate', 'after_delay', 'manual', 'never')),
            token_delay_ms INTEGER NOT NULL DEFAULT 0,
            online INTEGER NOT NULL DEFAULT 1,
            registered INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX devices_account ON devices(account_id);
        CREATE TABLE activities (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            type TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
            content_state TEXT NOT NULL,
            action TEXT,
            secondary_action TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            metadata TEXT NOT NULL DEFAULT '{}',
            stream_key TEXT,
            update_count INTEGER NOT NULL DEFAULT 0,
            last_update_id INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            ended_at INTEGER,
            dismiss_at INTEGER
        );
        CREATE INDEX activities_account ON activities(account_id, status);
        CREATE TABLE activity_devices (
            activity_id TEXT NOT NULL REFERENCES activities(id),
            device_id TEXT NOT NULL,
            token_state TEXT NOT NULL CHECK (token_state IN ('registered', 'pending')),
            register_at INTEGER,
            registered_at INTEGER,
            PRIMARY KEY (activity_id, device_id)
        ) WITHOUT ROWID;
        CREATE INDEX activity_devices_device ON activity_devices(device_id);
        -- Append-only; an activity's history is a linked list (activities.last_update_id, then
        -- prev_id), so writes touch only the tail of this table and no index keyed by random ids.
        CREATE TABLE updates (
            id INTEGER PRIMARY KEY,
            activity_id TEXT NOT NULL REFERENCES activities(id),
            prev_id INTEGER,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('start', 'update', 'end')),
            payload TEXT NOT NULL,
            devices_notified INTEGER NOT NULL,
            devices_queued INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );
        -- The updates that had to wait for a device's per-activity token: queued, then delivered
        -- when it registers. An update a registered device got live has no row.
        CREATE TABLE deliveries (
            update_id INTEGER NOT NULL REFERENCES updates(id),
            activity_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('delivered', 'queued')),
            delivered_at INTEGER,
            PRIMARY KEY (update_id, device_id)
        ) WITHOUT ROWID;
        CREATE INDEX deliveries_queued ON deliveries(activity_id, device_id) WHERE state = 'queued';
        """,
        // 2: streams, push notifications, widget metrics, app icon badges, per-account limits.
        """
        CREATE INDEX activities_stream ON activities(account_id, stream_key, created_at);
        ALTER TABLE accounts ADD COLUMN rate_limit INTEGER;
        ALTER TABLE devices ADD COLUMN badge INTEGER;
        CREATE TABLE notifications (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts(id),
            payload TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            metadata TEXT NOT NULL DEFAULT '{}',
            effective_channels TEXT,
            revision INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX notifications_account ON notifications(account_id, created_at);
        CREATE TABLE notification_deliveries (
            notification_id TEXT NOT NULL REFERENCES notifications(id),
            revision INTEGER NOT NULL,
            device_id TEXT NOT NULL,
            payload TEXT NOT NULL,
            delivered_at INTEGER NOT NULL,
            PRIMARY KEY (notification_id, revision, device_id)
        ) WITHOUT ROWID;
        CREATE INDEX notification_deliveries_device ON notification_deliveries(device_id);
        CREATE TABLE metrics (
            account_id TEXT NOT NULL REFERENCES accounts(id),
            key TEXT NOT NULL,
            name TEXT,
            PRIMARY KEY (account_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE metric_values (
            id INTEGER PRIMARY KEY,
            account_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            measured_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX metric_values_key ON metric_values(account_id, key, id);
        CREATE TABLE badge_updates (
            id INTEGER PRIMARY KEY,
            account_id TEXT NOT NULL,
            badge INTEGER NOT NULL,
            devices TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        """,
        // 3: the request journal of the control plane.
        """
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            status INTEGER NOT NULL,
            key_id TEXT,
            activity_id TEXT,
            request_body TEXT NOT NULL,
            response_body TEXT NOT NULL,
            duration_us INTEGER NOT NULL,
            fault TEXT
        );
        -- No index on activity_id: ids are random, so every insert would dirty a random index
        -- page; the journal is bounded (retention), so its filters scan.
        """,
        // 4: queued deliveries clustered by (activity, device), the only way they are read. A queued
        // update then writes one page of this table instead of its tail plus a page of a separate
        // index keyed by random activity ids (measured: 6.5 → 5.5 pages per single-update commit).
        """
        CREATE TABLE deliveries_v4 (
            update_id INTEGER NOT NULL REFERENCES updates(id),
            activity_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('delivered', 'queued')),
            delivered_at INTEGER,
            PRIMARY KEY (activity_id, device_id, update_id)
        ) WITHOUT ROWID;
        INSERT INTO deliveries_v4 (update_id, activity_id, device_id, state, delivered_at)
            SELECT update_id, activity_id, device_id, state, delivered_at FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_v4 RENAME TO deliveries;
        """,
        // 5: a timer's window (started, ends, paused; ms) kept across updates, and paused streams.
        """
        ALTER TABLE activities ADD COLUMN timer_started_at INTEGER;
        ALTER TABLE activities ADD COLUMN timer_ends_at INTEGER;
        ALTER TABLE activities ADD COLUMN timer_paused_at INTEGER;
        CREATE TABLE paused_streams (
            account_id TEXT NOT NULL REFERENCES accounts(id),
            stream_key TEXT NOT NULL,
            paused_at INTEGER NOT NULL,
            PRIMARY KEY (account_id, stream_key)
        ) WITHOUT ROWID;
        """,
        // 6: what the MCP tools manage: API keys get an id, a name and a creation time (the
        // secret is shown once); channels a display name; journal entries the MCP tool called.
        """
        ALTER TABLE api_keys ADD COLUMN id TEXT;
        ALTER TABLE api_keys ADD COLUMN name TEXT;
        ALTER TABLE api_keys ADD COLUMN created_at INTEGER;
        UPDATE api_keys SET id = 'key_' || rowid WHERE id IS NULL;
        CREATE UNIQUE INDEX api_keys_id ON api_keys(id);
        ALTER TABLE channels ADD COLUMN name TEXT;
        ALTER TABLE journal ADD COLUMN tool TEXT;
        """,
        // 7: journal entries list the properties a request carried that were accepted and dropped.
        """
        ALTER TABLE journal ADD COLUMN ignored TEXT;
        """,
        // 8: lists read newest first, per account or overall, in index order: their cost follows
        // `limit`, not the history's length.
        """
        CREATE INDEX notifications_recent ON notifications(account_id, created_at);
        CREATE INDEX notifications_created ON notifications(created_at);
        CREATE INDEX activities_recent ON activities(account_id, created_at);
        CREATE INDEX activities_created ON activities(created_at);
        """,
        // 9: the channels an activity was sent to (NULL: the whole account), as notifications
        // keep theirs: what a channel-scoped key may reach is decided from them.
        """
        ALTER TABLE activities ADD COLUMN effective_channels TEXT;
        """,
        // 10: no row per update that waits for a device's token. A token is pending from the
        // activity's start until it registers, once, so what waited is always the same: every
        // update of the activity while pending, every update before `registered_at` after.
        // Both follow from `activity_devices` and the activity's update count, and an update for
        // an activity with a pending device no longer writes a page of its own (at one
        // connection ~1.4 of 3.6 WAL frames per commit were this table's).
        """
        DROP TABLE deliveries;
        """,
        // 11: the same CHECK constraints, written as comparisons. SQLite 3.40 codes `x IN (list)` in
        // a CHECK as a temporary b-tree built on every insert: 15 % of a sequential update's
        // instructions went to the `updates` insert's. Only the schema's text changes (SQLite's
        // documented procedure for changes that leave the stored rows valid), so no table is copied.
        // Measured against the usual rebuild (new table, copy, drop, rename) on a database with a
        // million updates (164 MB): 2 ms here against 2.1 s and the table written twice (#36).
        // A replace that finds no match changes nothing: that CHECK keeps its list, and its cost.
        """
        PRAGMA writable_schema = ON;
        \(checkRewrite("api_keys", "scope", ["all", "channels"]))
        \(checkRewrite("devices", "token_behavior", ["immediate", "after_delay", "manual", "never"]))
        \(checkRewrite("activities", "status", ["active", "ended"]))
        \(checkRewrite("activity_devices", "token_state", ["registered", "pending"]))
        \(checkRewrite("updates", "kind", ["start", "update", "end"]))
        PRAGMA writable_schema = RESET;
        """,
        // 12: taps on what devices received, and the webhook deliveries they caused. AUTOINCREMENT
        // so an id is never given twice, not even after a reset empties the tables: a test that
        // kept an old id gets a 404, never another delivery. (Neither table is on the update path.)
        """
        CREATE TABLE taps (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            device_id TEXT NOT NULL,
            activity_id TEXT,
            notification_id TEXT,
            button TEXT,
            action_index INTEGER,
            kind TEXT NOT NULL CHECK (kind = 'webhook' OR kind = 'open_url' OR kind = 'redirection'),
            title TEXT,
            url TEXT NOT NULL,
            delivery_id INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            tap_id INTEGER NOT NULL,
            replay_of INTEGER,
            device_id TEXT NOT NULL,
            activity_id TEXT,
            notification_id TEXT,
            state TEXT NOT NULL CHECK (state = 'pending' OR state = 'delivered' OR state = 'failed'),
            method TEXT NOT NULL,
            url TEXT NOT NULL,
            sent_url TEXT NOT NULL,
            request_headers TEXT NOT NULL,
            request_body TEXT,
            status INTEGER,
            response_headers TEXT,
            response_body TEXT,
            response_truncated INTEGER NOT NULL DEFAULT 0,
            duration_ms REAL,
            error TEXT,
            error_kind TEXT,
            created_at INTEGER NOT NULL,
            completed_at INTEGER
        );
        CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(state) WHERE state = 'pending';
        """,
        // 13: an account's own Live Activity limit (PATCH /_mock/accounts/{id}); NULL: the server's.
        """
        ALTER TABLE accounts ADD COLUMN live_activity_limit INTEGER;
        """
    ]

    /// Rewrites `column IN ('a', 'b')` in `table`'s CHECK as `column = 'a' OR column = 'b'`.
    private static func checkRewrite(_ table: String, _ column: String, _ values: [String]) -> String {
        let list = values.map { "''\($0)''" }.joined(separator: ", ")
        let comparisons = values.map { "\(column) = ''\($0)''" }.joined(separator: " OR ")
        return """
            UPDATE sqlite_schema SET sql = replace(sql, '\(column) IN (\(list))', '\(comparisons)')
                WHERE type = 'table' AND name = '\(table)';
            """
    }

    // Row ids are plain INTEGER PRIMARY KEY (no AUTOINCREMENT): ids only grow while rows are
    // appended, and AUTOINCREMENT would rewrite sqlite_sequence on every insert.

    /// Brings the database to the newest version (or `target`, for tests of one step), every
    /// pending step in one transaction: an upgrade either lands whole or leaves the old version,
    /// and a new file gets its schema in one commit (a commit per step made creating a database
    /// about a third of the server's start-up).
    package static func migrate(_ db: Database, to target: Int = steps.count) throws {
        let current = Int(try db.scalarInt("PRAGMA user_version") ?? 0)
        guard current <= steps.count else {
            throw StorageError("database schema version \(current) is newer than this binary (\(steps.count))")
        }
        guard current < target else { return }
        try db.transaction {
            for version in current..<target {
                try db.exec(steps[version])
                // A step that edits the schema's text tells every other connection to reload it.
                if steps[version].contains("writable_schema") {
                    let cookie = try db.scalarInt("PRAGMA schema_version") ?? 0
                    try db.exec("PRAGMA schema_version = \(cookie + 1)")
                }
            }
            try db.exec("PRAGMA user_version = \(target)")
        }
    }

    package static var latestVersion: Int { steps.count }
}
