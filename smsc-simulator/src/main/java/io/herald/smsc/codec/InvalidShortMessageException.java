package io.herald.smsc.codec;

/**
 * A submit_sm whose content cannot be taken apart: a UDH longer than the short_message, or SAR TLVs out of range.
 * Carries the SMPP 3.4 §5.1.3 command_status to answer with.
 */
public final class InvalidShortMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int commandStatus;

    public InvalidShortMessageException(String message, int commandStatus) {
        super(message);
        this.commandStatus = commandStatus;
    }

    /** @return the command_status for the submit_sm_resp, e.g. 0x01 ESME_RINVMSGLEN */
    public int commandStatus() {
        return commandStatus;
    }
}
