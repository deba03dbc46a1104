package io.herald.smsc.smpp;

/** The vendor-specific optional parameter in which Herald's dispatcher sends its own message id. */
public final class HeraldTlv {

    /**
     * Tag 0x1F01, from the vendor-specific range 0x1400–0x3FFF (SMPP 3.4 §5.3.2). Its value is the Herald message id
     * (a UUID) as ASCII octets, with or without a terminating NUL; every part of a concatenated message carries it.
     */
    public static final short HERALD_MESSAGE_ID_TAG = 0x1F01;

    private HeraldTlv() {
    }
}
