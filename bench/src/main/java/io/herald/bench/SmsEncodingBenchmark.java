package io.herald.bench;

import io.herald.sms.EncodedSms;
import io.herald.sms.GsmSeptetCounter;
import io.herald.sms.SmsEncoder;
import io.herald.sms.SmsInfo;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GSM 7-bit detection (3GPP TS 23.038 default alphabet and extension table), segment counting as ingest does it for
 * every recipient, and the full encoding into submit_sm payloads with UDH (3GPP TS 23.040 §9.2.3.24.1) as the
 * dispatcher does it. Average time per text, in ns, for a short GSM text, a short UCS-2 text (emoji) and a
 * 3-segment GSM text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SmsEncodingBenchmark {

    /** The texts: {@code gsm} (1 segment), {@code ucs2} (1 segment, an emoji), {@code long} (3 GSM segments). */
    @Param({"gsm", "ucs2", "long"})
    public String kind;

    private String text() {
        return switch (kind) {
            case "gsm" -> "Your code is 482913. It expires in 10 minutes. Do not share it with anyone.";
            case "ucs2" -> "Your code is 482913 \uD83D\uDD10 It expires in 10 minutes.";
            default -> "Dear customer, your order A-17 has shipped and will arrive on Tuesday between 10:00 and"
                    + " 14:00. Track it at https://example.com/t/A17 {with} [brackets] and the euro sign €. "
                    + "Reply STOP to opt out of these messages. Questions? Call 22 33 44 55, weekdays 08-16.";
        };
    }

    /** @return whether the text fits the GSM 7-bit alphabet */
    @Benchmark
    public boolean detectGsm() {
        return GsmSeptetCounter.canEncode(text());
    }

    /** @return the encoding and segment count, as ingest computes them per recipient */
    @Benchmark
    public SmsInfo countSegments() {
        return SmsEncoder.info(text());
    }

    /** @return the submit_sm payloads, as the dispatcher builds them per message */
    @Benchmark
    public EncodedSms encode() {
        return SmsEncoder.encode(text());
    }
}
