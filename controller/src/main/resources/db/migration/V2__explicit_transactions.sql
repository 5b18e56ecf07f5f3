-- Issue 14: the transaction record the engine decides from. Each side's progress is journalled (so
-- compensation and recovery know whether a commit or a confirmation may have reached a device), the
-- end-time moves made on devices with key lifetimes are journalled (so they can be undone), and the
-- database itself allows one transaction at a time to prepare a link (a primary key, not a
-- check-then-insert), even across processes and cluster members.

ALTER TABLE txn ADD COLUMN side_a VARCHAR(20) DEFAULT 'NONE' NOT NULL;
ALTER TABLE txn ADD COLUMN side_b VARCHAR(20) DEFAULT 'NONE' NOT NULL;
ALTER TABLE txn ADD COLUMN epoch INT DEFAULT 0 NOT NULL;

CREATE TABLE txn_end_move (
    txn_id    VARCHAR(36) NOT NULL REFERENCES txn (id),
    side      VARCHAR(1)  NOT NULL,
    ckn       VARCHAR(64) NOT NULL,
    old_end   TIMESTAMP WITH TIME ZONE,
    new_end   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (txn_id, side, ckn)
);

-- A row while a transaction prepares its link (from begin until both ends confirmed, or its end).
CREATE TABLE link_preparation (
    link_id  VARCHAR(200) PRIMARY KEY,
    txn_id   VARCHAR(36)  NOT NULL REFERENCES txn (id),
    owner    VARCHAR(200) NOT NULL,
    since    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Transactions left unfinished by an earlier version did not journal their sides: whatever got past
-- fetching may have reached a device, so recovery reads both back.
UPDATE txn SET side_a = 'COMMIT_SENT', side_b = 'COMMIT_SENT'
    WHERE state IN ('FETCHED', 'STAGED', 'COMMITTED', 'ACTIVE', 'RETIRED');
