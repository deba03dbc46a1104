package io.herald.dispatcher.send.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.herald.dispatcher.send.Message;
import io.herald.dispatcher.send.SendResult;
import io.herald.schema.Channel;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMTP gateway against real SMTP servers on 127.0.0.1: GreenMail, and a scripted one for error replies. */
class SmtpGatewayTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static SmtpSettings settings(int port, int connections) {
        return new SmtpSettings("127.0.0.1", port, SmtpSettings.Tls.NONE, "", "", "", connections, 2_000, 5_000,
                "", "herald.test");
    }

    private SmtpGateway gateway(SmtpSettings settings) {
        SmtpGateway gateway = new SmtpGateway(settings);
        toClose.add(gateway);
        return gateway;
    }

    private GreenMail greenMail(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        toClose.add(greenMail::stop);
        return greenMail;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sendsPlainAndMultipartAlternativeEmailWithHeraldsIdsAndUtf8() throws Exception {
        GreenMail server = greenMail(freePort());
        SmtpGateway gateway = gateway(settings(server.getSmtp().getPort(), 2));

        SendResult plain = gateway.send(new Message("id-1", "noreply@herald.dev", "ola@example.com", "Hei Ola",
                "Kode 1", null));
        SendResult html = gateway.send(new Message("id-2", "Grüße von Herald <noreply@herald.dev>", "kari@example.no",
                "Din kode: <2>", "Grüße – ✓ 2", "<p>Din kode: <b>&lt;2&gt;</b></p>"));

        assertThat(gateway.channel()).isEqualTo(Channel.EMAIL);
        assertThat(plain.isAccepted()).as(plain.toString()).isTrue();
        assertThat(plain.gatewayMessageId()).isEqualTo("id-1@herald.dev");
        assertThat(html.isAccepted()).as(html.toString()).isTrue();
        MimeMessage[] received = server.getReceivedMessages();
        assertThat(received).hasSize(2);

        MimeMessage first = received[0];
        assertThat(first.getMessageID()).isEqualTo("<id-1@herald.dev>");
        assertThat(first.getHeader(SmtpGateway.HERALD_ID_HEADER, null)).isEqualTo("id-1");
        assertThat(first.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(first.getSubject()).isEqualTo("Kode 1");
        assertThat(first.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(((String) first.getContent()).strip()).isEqualTo("Hei Ola");
        assertThat(first.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ola@example.com");

        MimeMessage second = received[1];
        assertThat(second.getSubject()).isEqualTo("Grüße – ✓ 2");
        InternetAddress from = (InternetAddress) second.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Grüße von Herald");
        assertThat(from.getAddress()).isEqualTo("noreply@herald.dev");
        assertThat(second.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) second.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(((String) parts.getBodyPart(0).getContent()).strip()).isEqualTo("Din kode: <2>");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(((String) parts.getBodyPart(1).getContent()).strip())
                .isEqualTo("<p>Din kode: <b>&lt;2&gt;</b></p>");
    }

    @Test
    void manySendersShareTheConnectionsAndEveryMessageArrivesOnce() throws Exception {
        GreenMail server = greenMail(freePort());
        SmtpGateway gateway = gateway(settings(server.getSmtp().getPort(), 3));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SendResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "m-" + i;
                results.add(pool.submit(() -> gateway.send(new Message(id, "noreply@herald.dev",
                        "user" + id + "@example.com", "text " + id, "subject " + id, null))));
            }
            for (Future<SendResult> result : results) {
                assertThat(result.get().isAccepted()).as(result.get().toString()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> ids = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            ids.add(m.getHeader(SmtpGateway.HERALD_ID_HEADER, null));
        }
        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void aServerThatIsDownMakesTheGatewayUnavailableUntilItIsBack() throws Exception {
        int port = freePort();
        SmtpGateway gateway = gateway(settings(port, 1));
        Message message = new Message("id-3", "noreply@herald.dev", "ola@example.com", "x", "s", null);

        SendResult down = gateway.send(message);

        assertThat(down.isGatewayUnavailable()).as(down.toString()).isTrue();
        assertThat(down.errorCode()).isEqualTo(SmtpGateway.CONNECT_FAILED);
        assertThat(gateway.isAvailable()).isFalse();

        GreenMail server = greenMail(port);
        SendResult up = gateway.send(message);

        assertThat(up.isAccepted()).as(up.toString()).isTrue();
        assertThat(gateway.isAvailable()).isTrue();
        assertThat(server.getReceivedMessages()).hasSize(1);
    }

    @Test
    void replyCodesMapToPermanentTransientAndUnavailable() throws Exception {
        ScriptedSmtpServer server = new ScriptedSmtpServer();
        toClose.add(server);
        SmtpGateway gateway = gateway(settings(server.port(), 1));
        Message message = new Message("id-4", "noreply@herald.dev", "ola@example.com", "x", "s", null);

        server.rcptReply("550 5.1.1 <ola@example.com>: Recipient address rejected: no such user");
        SendResult permanent = gateway.send(message);
        server.rcptReply("451 4.3.0 Temporary lookup failure");
        SendResult transientFailure = gateway.send(message);
        server.rcptReply("421 4.7.0 Try again later, closing connection");
        SendResult unavailable = gateway.send(message);
        server.rcptReply("250 2.1.5 OK");
        server.dataReply("552 5.3.4 Message size exceeds fixed limit");
        SendResult tooBig = gateway.send(message);
        server.dataReply("250 2.0.0 OK queued as 4711");
        SendResult accepted = gateway.send(message);

        assertThat(permanent.isRetriable()).isFalse();
        assertThat(permanent.errorCode()).isEqualTo("SMTP_550");
        assertThat(permanent.errorText()).contains("no such user").doesNotContain("ola@example.com")
                .contains("o***@example.com");
        assertThat(transientFailure.isRetriable()).isTrue();
        assertThat(transientFailure.isGatewayUnavailable()).isFalse();
        assertThat(transientFailure.errorCode()).isEqualTo("SMTP_451");
        assertThat(unavailable.isGatewayUnavailable()).isTrue();
        assertThat(unavailable.errorCode()).isEqualTo("SMTP_421");
        assertThat(tooBig.isRetriable()).isFalse();
        assertThat(tooBig.errorCode()).isEqualTo("SMTP_552");
        assertThat(accepted.isAccepted()).as(accepted.toString()).isTrue();
        assertThat(server.commands()).anyMatch(c -> c.startsWith("EHLO herald.test"))
                .anyMatch(c -> c.equals("MAIL FROM:<noreply@herald.dev>"))
                .anyMatch(c -> c.equals("RCPT TO:<ola@example.com>"));
    }

    @Test
    void theEnvelopeSenderCanDifferFromTheFromHeader() throws Exception {
        ScriptedSmtpServer server = new ScriptedSmtpServer();
        toClose.add(server);
        SmtpGateway gateway = gateway(new SmtpSettings("127.0.0.1", server.port(), SmtpSettings.Tls.NONE, "", "", "",
                1, 2_000, 5_000, "bounces@herald.dev", ""));

        SendResult result = gateway.send(new Message("id-5", "Herald <noreply@herald.dev>", "ola@example.com", "x",
                "s", null));

        assertThat(result.isAccepted()).as(result.toString()).isTrue();
        assertThat(server.commands()).contains("MAIL FROM:<bounces@herald.dev>");
    }

    @Test
    void starttlsRequiredRefusesAServerWithoutIt() throws Exception {
        GreenMail server = greenMail(freePort());
        SmtpGateway gateway = gateway(new SmtpSettings("127.0.0.1", server.getSmtp().getPort(),
                SmtpSettings.Tls.STARTTLS_REQUIRED, "", "", "", 1, 2_000, 5_000, "", ""));

        SendResult result = gateway.send(new Message("id-6", "noreply@herald.dev", "ola@example.com", "x", "s",
                null));

        assertThat(result.isGatewayUnavailable()).as(result.toString()).isTrue();
        assertThat(server.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnwritableSenderIsAPermanentFailure() throws Exception {
        GreenMail server = greenMail(freePort());
        SmtpGateway gateway = gateway(settings(server.getSmtp().getPort(), 1));

        SendResult result = gateway.send(new Message("id-7", "HERALD", "ola@example.com", "x", "s", null));

        assertThat(result.isRetriable()).isFalse();
        assertThat(result.errorCode()).isIn(SmtpGateway.INVALID_MESSAGE, "SMTP_553", "SMTP_501", "SMTP_550");
        assertThat(server.getReceivedMessages()).isEmpty();
    }

    @Test
    void authenticatesWithSmtpAuthAndTreatsRefusedCredentialsAsUnavailable() throws Exception {
        GreenMail server = greenMail(freePort());
        server.setUser("herald@herald.test", "herald", "secret");
        int port = server.getSmtp().getPort();
        SmtpGateway wrong = gateway(new SmtpSettings("127.0.0.1", port, SmtpSettings.Tls.NONE, "", "herald", "nope",
                1, 2_000, 5_000, "", ""));
        SmtpGateway right = gateway(new SmtpSettings("127.0.0.1", port, SmtpSettings.Tls.NONE, "", "herald", "secret",
                1, 2_000, 5_000, "", ""));
        Message message = new Message("id-8", "noreply@herald.dev", "ola@example.com", "x", "s", null);

        SendResult refused = wrong.send(message);
        SendResult accepted = right.send(message);

        assertThat(refused.isGatewayUnavailable()).as(refused.toString()).isTrue();
        assertThat(refused.errorCode()).isEqualTo(SmtpGateway.AUTH_FAILED);
        assertThat(wrong.isAvailable()).isFalse();
        assertThat(accepted.isAccepted()).as(accepted.toString()).isTrue();
        assertThat(server.getReceivedMessages()).hasSize(1);
    }

    @Test
    void masksEveryAddressInAServerReply() {
        assertThat(SmtpGateway.mask("550 <ola.nordmann@example.com>: rejected; also kari@example.no"))
                .isEqualTo("550 <o***@example.com>: rejected; also k***@example.no");
    }
}
