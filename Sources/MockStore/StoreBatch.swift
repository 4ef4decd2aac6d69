/// Running one batch: the transaction, each job's savepoint, the commit, and what happens when
/// storage fails (see `Store`'s comment). Only the store's runner calls into it.
extension Store {
    /// Runs `batch` in one transaction, the deferred `extras` first; see the type's comment.
    /// Called by the runner only, with `mutex` not held.
    func runBatch(_ batch: [any StoreJob], extras: [(Database) throws -> Void]) {
        noticeFileChanges()
        db.lastFailureKind = nil
        do {
            try db.execPrepared("BEGIN IMMEDIATE")
        } catch {
            fail(batch, extras: extras, with: error)
            return
        }
        // Sharing the file: another process may have committed since the last batch, and the
        // activity cache would hide it (and the next update overwrite it). Under BEGIN IMMEDIATE
        // nobody else commits until this batch ends.
        if locking == .perTransaction { noticeOtherWriters() }
        let changesBefore = db.totalChanges
        // Deferred bookkeeping first, so reads in this batch see everything answered before it.
        // All under one savepoint (~1,000 journal rows per tick under load); only if one fails
        // are they redone each in its own, so a bad one costs nothing but itself.
        if !extras.isEmpty {
            try? db.execPrepared("SAVEPOINT extras")
            if !extras.allSatisfy({ (try? $0(db)) != nil }) {
                try? db.rollback(to: "extras")
                for extra in extras {
                    try? db.execPrepared("SAVEPOINT extra")
                    if (try? extra(db)) == nil { try? db.rollback(to: "extra") }
                    try? db.execPrepared("RELEASE extra")
                }
            }
            try? db.execPrepared("RELEASE extras")
        }
        // A job alone in its transaction needs no savepoint: if it throws, the whole transaction
        // is its own. (A savepoint copies every page the job changes into a statement journal.)
        let alone = batch.count == 1 && extras.isEmpty
        for job in batch {
            do {
                if alone {
                    if !job.run(db) {
                        try db.exec("ROLLBACK")  // exec also drops the activity cache
                        try db.execPrepared("BEGIN IMMEDIATE")
                    }
                } else {
                    try db.execPrepared("SAVEPOINT job")
                    if !job.run(db) {
                        // The job threw: undo exactly its changes, keep the rest of the batch.
                        try db.rollback(to: "job")
                    }
                    try db.execPrepared("RELEASE job")
                }
            } catch {
                job.fail(error)
            }
            // Disk full or an I/O error can make SQLite roll the whole transaction back by
            // itself: what ran is gone, and what follows would commit statement by statement.
            if db.inAutocommit {
                fail(
                    batch, extras: extras,
                    with: StorageError(
                        "the transaction was rolled back by SQLite",
                        kind: db.lastFailureKind ?? .other))
                return
            }
        }
        // A file gone: commit only batches that changed nothing (reads), never into a lost file.
        if case .fileGone(let detail)? = condition, db.totalChanges != changesBefore {
            try? db.exec("ROLLBACK")
            fail(batch, extras: extras, with: StorageError(detail, kind: .fileGone(detail)))
            return
        }
        do {
            try db.execPrepared("COMMIT")
        } catch {
            try? db.exec("ROLLBACK")  // exec also drops the activity cache
            fail(batch, extras: extras, with: error)
            return
        }
        if let kind = db.lastFailureKind, kind.lasts {
            condition = kind  // a job failed for lack of space or permission; the batch went on
        } else if condition == .diskFull || condition == .readOnly, probing || db.totalChanges != changesBefore,
            condition != .diskFull || files?.hasRoom ?? true
        {
            condition = nil  // a write went through: space or permission is back
        }
        probing = false
        batch.forEach { $0.finish() }
        wal?.afterCommit(db)
    }

    /// Fails every job with `error`; the deferred writes go back to wait (they are idempotent:
    /// each keeps what it took), so a full disk costs the journal nothing that fits its retention.
    private func fail(_ batch: [any StoreJob], extras: [(Database) throws -> Void], with error: Error) {
        probing = false
        var failure = error
        if let storage = error as? StorageError, storage.kind != .other {
            if storage.kind.lasts { condition = storage.kind }
        } else if let kind = db.lastFailureKind, kind != .other {
            if kind.lasts { condition = kind }
            failure = StorageError("\(error)", kind: kind)
        } else {
            failure = (error as? StorageError) ?? StorageError("\(error)")
        }
        if !extras.isEmpty { requeueDeferred(extras) }
        batch.forEach {
            $0.fail(failure); $0.finish()
        }
    }

    /// A database or WAL file deleted or replaced: save what the connection still sees, then
    /// refuse writes until a restart.
    private func noticeFileChanges() {
        guard let files else { return }
        if case .fileGone? = condition { return }
        if let change = files.change() {
            let detail = DatabaseFiles.rescue(db, path: path, after: change)
            condition = .fileGone(detail)
        }
    }

    /// Drops the activity cache when `PRAGMA data_version` moved: another connection committed.
    private func noticeOtherWriters() {
        guard let version = try? db.scalarInt("PRAGMA data_version") else { return }
        if let seen = db.dataVersion, seen != version { db.activityCache.clear() }
        db.dataVersion = version
    }
}
