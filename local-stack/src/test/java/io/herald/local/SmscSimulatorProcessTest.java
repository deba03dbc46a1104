package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real SMSC simulator from {@code smsc-simulator/target} on free ports and talks SMTP to it over a plain
 * socket. Skipped when the simulator is not built.
 */
class SmscSimulatorProcessTest {

    private static final String SUBJECT = "Grüße – ✓";
    private static final String HTML = "<p>Grüße – <b>✓</b></p>";

    @TempDir
    Path work;

    @BeforeAll
    static void simulatorIsBuilt() {
        Path root = HeraldHome.locate().root();
        BuiltServers.require(Files.exists(root.resolve("smsc-simulator/target/smsc-simulator.jar"))
                && Files.isDirectory(root.resolve("smsc-simulator/target/lib")), "smsc-simulator is built");
    }

    private SmscSimulatorProcess start(SmscSimulatorProcess.Options options) {
        return SmscSimulatorProcess.start(HeraldHome.locate(), options.smppPort(0).httpPort(0));
    }

    @Test
    void runsAnSmtpServerByDefaultAndReadsWhatItReceived() throws Exception {
        try (SmscSimulatorProcess smsc = start(SmscSimulatorProcess.Options.in(work))) {
            // given three e-mails: a plain one, a multipart/alternative one, and the first again
            assertThat(smsc.smtpEnabled()).isTrue();
            assertThat(smsc.smtpPort()).isPositive().isNotIn(smsc.smppPort(), smsc.httpPort());
            send(smsc.smtpPort(), "alice@example.com", plain("msg-1", "alice@example.com"));
            send(smsc.smtpPort(), "Bob@Example.com", alternative("msg-2", "Bob@Example.com"));
            send(smsc.smtpPort(), "alice@example.com", plain("msg-1", "alice@example.com"));

            // when
            MailStats stats = smsc.mailStats();
            List<ReceivedMail> all = smsc.mails(null);
            List<ReceivedMail> bob = smsc.mails("bob@example.com");

            // then
            assertThat(stats).isEqualTo(new MailStats(3, 2, 1));
            assertThat(all).hasSize(3);
            assertThat(all).filteredOn(m -> "msg-1".equals(m.messageId())).hasSize(2)
                    .allSatisfy(m -> {
                        assertThat(m.text()).isEqualTo("Code 1234");
                        assertThat(m.html()).isNull();
                        assertThat(m.from()).isEqualTo("noreply@herald.test");
                        assertThat(m.to()).containsExactly("alice@example.com");
                    });
            assertThat(bob).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo("msg-2");
                assertThat(m.messageIdHeader()).isEqualTo("<msg-2@herald.test>");
                assertThat(m.subject()).isEqualTo(SUBJECT);
                assertThat(m.text()).isEqualTo("Grüße – ✓");
                assertThat(m.html()).isEqualTo(HTML);
            });

            // when
            smsc.reset();

            // then
            assertThat(smsc.mailStats()).isEqualTo(new MailStats(0, 0, 0));
            assertThat(smsc.mails(null)).isEmpty();
        }
    }

    @Test
    void runsNoSmtpServerWhenTurnedOff() throws Exception {
        try (SmscSimulatorProcess smsc = start(SmscSimulatorProcess.Options.in(work)
                .smtpPort(SmscSimulatorProcess.Options.SMTP_OFF))) {
            HttpResponse<String> stats = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(smsc.httpUrl() + "/mail/stats")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(smsc.smtpEnabled()).isFalse();
            assertThat(smsc.smtpPort()).isEqualTo(-1);
            assertThat(stats.statusCode()).isEqualTo(404);
            assertThatThrownBy(smsc::mailStats).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> smsc.mails(null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesAnSmtpPortOutOfRange() {
        SmscSimulatorProcess.Options options = SmscSimulatorProcess.Options.in(work);

        assertThatThrownBy(() -> options.smtpPort(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.smtpPort(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String plain(String heraldId, String to) {
        return "From: Herald <noreply@herald.test>\r\n"
                + "To: " + to + "\r\n"
                + "Subject: Your code\r\n"
                + "X-Herald-Message-Id: " + heraldId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n"
                + "Code 1234\r\n";
    }

    private static String alternative(String heraldId, String to) {
        return "From: noreply@herald.test\r\n"
                + "To: " + to + "\r\n"
                + "Subject: =?UTF-8?B?" + base64(SUBJECT) + "?=\r\n"
                + "Message-ID: <" + heraldId + "@herald.test>\r\n"
                + "X-Herald-Message-Id: " + heraldId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n"
                + "\r\n"
                + "Gr=C3=BC=C3=9Fe =E2=80=93 =E2=9C=93\r\n"
                + "--b1\r\n"
                + "Content-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n"
                + base64(HTML) + "\r\n"
                + "--b1--\r\n";
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** One SMTP transaction, plain RFC 5321 (the message is 7-bit, its lines never start with a dot). */
    private static void send(int port, String rcpt, String message) throws IOException {
        try (Socket socket = new Socket(LocalPorts.HOST, port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test.local", "250");
            command(out, in, "MAIL FROM:<noreply@herald.test>", "250");
            command(out, in, "RCPT TO:<" + rcpt + ">", "250");
            command(out, in, "DATA", "354");
            out.write(message.getBytes(StandardCharsets.US_ASCII));
            command(out, in, ".", "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, code);
    }

    /** Reads a reply, multi-line ({@code 250-…}) included, and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            assertThat(line).as("SMTP reply").isNotNull();
        } while (line.length() > 3 && line.charAt(3) == '-');
        assertThat(line).as("SMTP reply").startsWith(code);
    }
}
