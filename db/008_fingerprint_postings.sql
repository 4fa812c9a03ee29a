-- 008_fingerprint_postings.sql - schema version 8: fingerprints as bare
-- postings.  (There is no 006: that number went to a change that was never
-- merged, and databases at version 7 exist.)
--
-- Storing fingerprints was the largest single cost of ingest with reuse on
-- (about a fifth of it): every winnowed hash went into two B-trees, the
-- (hash, text_id, pos) key and an index on text_id, with a foreign-key probe
-- of texts each time.  Nothing reads a fingerprint's position or looks
-- fingerprints up by text (alignment re-tokenises both texts), so a posting
-- is now (hash, text_id), once per distinct hash of a text, in one B-tree.
-- No foreign key: texts are never deleted (a revision is a new text), and a
-- posting whose text were missing would only make a candidate that
-- text_article() skips.

CREATE TABLE fingerprints_new (
    hash        INTEGER NOT NULL,          -- XXH3-64 of a shingle, signed
    text_id     INTEGER NOT NULL,
    PRIMARY KEY (hash, text_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO fingerprints_new(hash, text_id) SELECT hash, text_id FROM fingerprints;
DROP TABLE fingerprints;                   -- drops fingerprints_text with it
ALTER TABLE fingerprints_new RENAME TO fingerprints;
