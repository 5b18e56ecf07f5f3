package org.qkdmacsec.harness.chaos;

/**
 * Every boundary the controller crosses, and what can go wrong there (docs/reliability.md lists them
 * with what each models).
 */
enum FaultKind {
    // A device call (the nth call of an operation on a device)
    DEVICE_DROP_BEFORE(Where.DEVICE_CALL), DEVICE_DROP_AFTER(Where.DEVICE_CALL), DEVICE_TIMEOUT_AFTER(Where.DEVICE_CALL),
    DEVICE_REFUSE(Where.DEVICE_CALL), DEVICE_SLOW(Where.DEVICE_CALL),
    // A device event at an instant, lasting a while
    DEVICE_RESTART(Where.TIMED), CLOCK_JUMP(Where.TIMED),
    // The nth key fetch (or status check) of the run
    KME_UNAVAILABLE_503(Where.KME), KME_UNAUTHORIZED_401(Where.KME), KME_EXHAUSTED_400(Where.KME), KME_READ_TIMEOUT(Where.KME),
    KME_ANSWER_DROPPED(Where.KME), KME_GARBAGE(Where.KME), KME_KEYS_DIFFER(Where.KME), KME_STATUS_DOWN(Where.KME),
    // The journal's database
    JOURNAL_WRITE_FAILURE(Where.JOURNAL), DATABASE_RESTART(Where.TIMED),
    // The controller process
    CONTROLLER_KILL(Where.CONTROLLER), CONTROLLER_EXIT_AFTER_COMMIT(Where.CONTROLLER), SECOND_CONTROLLER(Where.CONTROLLER);

    enum Where { DEVICE_CALL, TIMED, KME, JOURNAL, CONTROLLER }

    final Where where;

    FaultKind(Where where) {
        this.where = where;
    }
}
