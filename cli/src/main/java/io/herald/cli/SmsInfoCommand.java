package io.herald.cli;

import io.herald.sms.SmsEncoder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code herald sms-info --text TEXT}: prints how the dispatcher would send a text, as one line
 * {@code encoding=GSM7|UCS2 units=N segments=S}, counted by the shared codec ({@link SmsEncoder#info}) that ingest's
 * {@code maxSegments} check and the dispatcher's split use. Starts nothing.
 */
@Command(name = "sms-info", mixinStandardHelpOptions = true,
        description = {"Print the SMS encoding, length and segment count of a text, as the dispatcher sends it:",
            "encoding=GSM7|UCS2 units=N segments=S"},
        footer = {"%nGSM7 (GSM 7-bit default alphabet and extension table, 3GPP TS 23.038): units are septets, the "
                + "extension characters ^ { } \\ [ ~ ] | € count 2; 160 in one segment, 153 per part. "
                + "UCS2 (any other text): units are UTF-16 code units, an emoji counts 2; 70 in one segment, 67 per "
                + "part. A part never splits an escape sequence or a surrogate pair (3GPP TS 23.040)."})
final class SmsInfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--text", required = true, paramLabel = "TEXT",
            description = "The message text, as the recipient gets it (after any {{placeholders}} are filled).")
    private String text;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(SmsEncoder.info(text).describe());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
