package io.herald.smsc.push;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM text per RFC 7468 (64-character base64 lines between {@code -----BEGIN label-----} and its END line). */
final class Pem {

    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /**
     * @param label e.g. {@code PRIVATE KEY} (PKCS#8) or {@code CERTIFICATE}
     * @param der   the DER bytes
     * @return the PEM text, ending with a newline
     */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + MIME.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /**
     * @param label the expected label
     * @param pem   PEM text; what lies outside the first BEGIN/END pair is ignored
     * @return the DER bytes
     * @throws IllegalArgumentException when there is no such block or its base64 is broken
     */
    static byte[] decode(String label, String pem) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + begin + " ... " + end + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
