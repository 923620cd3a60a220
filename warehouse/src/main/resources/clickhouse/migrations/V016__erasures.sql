-- The participants who asked to be forgotten (participant.erased), named by the SHA-256 of their id rather than
-- the id: the list the erasure is enforced from, after the event itself and again after a replay
-- (ParticipantErasure). A hash of a guessable id can be confirmed by guessing; it says only that someone erased
-- was once here, which a suppression list has to say.
CREATE TABLE IF NOT EXISTS mentorpulse.erasures
(
    participant_sha256 String COMMENT 'lower-case hex SHA-256 of the erased participant id',
    event_source       String COMMENT 'the participant.erased event that asked for it',
    event_id           String,
    erased_at          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY participant_sha256;
