package io.herald.ingest.core;

import io.herald.sms.SenderKind;
import java.util.Optional;

/**
 * The rules for a batch's {@code from}, the SMS originator address (SMPP 3.4 §5.2.8 {@code source_addr}; 3GPP
 * TS 23.040 §9.1.2.5 TP-OA): one of the {@link SenderKind}s, the same rules the dispatcher maps to TON/NPI.
 */
public final class SenderId {

    private SenderId() {
    }

    /**
     * Checks a sender id: 1–11 GSM 7-bit default-alphabet characters with at least one non-digit ({@code HERALD},
     * {@code Ærlig AS}), a short code of 1–8 digits ({@code 2222}), or an E.164 number ({@code +4791234567}).
     *
     * @param from the sender id, or null
     * @return empty if valid, else what is wrong (reported with pointer {@code /from})
     */
    public static Optional<String> problem(String from) {
        return SenderKind.problem(from);
    }
}
