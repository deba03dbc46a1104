package io.herald.smsc.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.smsc.PortInUseException;
import io.herald.smsc.SmscSimulator;
import io.herald.smsc.SmscSimulatorConfig;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP server of the simulator and its {@code /mail/*} endpoints, after real SMTP traffic (Angus Mail). */
class MailApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "Grüße – ✓";
    private static final String HTML = "<p>Grüße – <b>✓</b> ÆØÅ</p>";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SmscSimulator> started = new ArrayList<>();
    private SmscSimulator smsc;

    @BeforeEach
    void start() throws Exception {
        smsc = start(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).smtpPort(0).build());
    }

    @AfterEach
    void stop() {
        started.forEach(SmscSimulator::close);
    }

    private SmscSimulator start(SmscSimulatorConfig config) throws Exception {
        SmscSimulator simulator = new SmscSimulator(config);
        started.add(simulator);
        simulator.start();
        return simulator;
    }

    private HttpResponse<String> get(SmscSimulator simulator, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.httpPort() + pathAndQuery))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode getJson(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(smsc, pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private Session session(boolean auth) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smsc.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        props.put("mail.smtp.auth", String.valueOf(auth));
        props.put("mail.smtp.auth.mechanisms", "PLAIN");
        return Session.getInstance(props);
    }

    private MimeMessage plain(Session session, String heraldId, String to, String text) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("noreply@herald.test", "Herald"));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject("Your code", "UTF-8");
        message.setText(text, "UTF-8");
        if (heraldId != null) {
            message.setHeader("X-Herald-Message-Id", heraldId);
        }
        return message;
    }

    private MimeMessage alternative(Session session, String heraldId, String to) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("noreply@herald.test"));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(SUBJECT, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Grüße – ✓ ÆØÅ", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(HTML, "text/html; charset=UTF-8");
        html.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.setHeader("X-Herald-Message-Id", heraldId);
        return message;
    }

    /** Three e-mails: a plain one, a multipart/alternative one, and the plain one again (same Herald id). */
    private void sendThree() throws Exception {
        Session session = session(false);
        Transport.send(plain(session, "msg-1", "Alice@Example.com", "Code 1234"));
        Transport.send(alternative(session, "msg-2", "bob@example.com"));
        Transport.send(plain(session, "msg-1", "Alice@Example.com", "Code 1234"));
    }

    @Test
    void shouldCountReceivedDistinctAndDuplicateEmails() throws Exception {
        // given
        sendThree();

        // when
        JsonNode stats = getJson("/mail/stats");

        // then
        assertThat(stats.get("received").asLong()).isEqualTo(3);
        assertThat(stats.get("distinctMessages").asLong()).isEqualTo(2);
        assertThat(stats.get("duplicates").asLong()).isEqualTo(1);
        assertThat(smsc.mailStats()).isEqualTo(new MailStats(3, 2, 1));
    }

    @Test
    void shouldServeTheDecodedEmailsAndFilterByRecipient() throws Exception {
        // given
        sendThree();

        // when
        JsonNode all = getJson("/mail/messages");
        JsonNode bob = getJson("/mail/messages?to=BOB%40example.com");
        JsonNode alice = getJson("/mail/messages?to=alice@example.com");
        JsonNode nobody = getJson("/mail/messages?to=nobody@example.com");

        // then
        assertThat(all).hasSize(3);
        assertThat(nobody).isEmpty();
        assertThat(alice).hasSize(2);
        for (JsonNode mail : alice) {
            assertThat(mail.get("messageId").asText()).isEqualTo("msg-1");
            assertThat(mail.get("from").asText()).isEqualTo("noreply@herald.test");
            assertThat(mail.get("to")).hasSize(1);
            assertThat(mail.get("to").get(0).asText()).isEqualTo("Alice@Example.com");
            assertThat(mail.get("subject").asText()).isEqualTo("Your code");
            assertThat(mail.get("text").asText()).isEqualTo("Code 1234");
            assertThat(mail.get("html").isNull()).isTrue();
            assertThat(mail.get("messageIdHeader").asText()).startsWith("<").endsWith(">");
        }
        assertThat(alice.get(0).get("messageIdHeader").asText())
                .as("Angus Mail gives each send its own Message-ID").isNotEqualTo(
                        alice.get(1).get("messageIdHeader").asText());
        assertThat(bob).hasSize(1);
        JsonNode mail = bob.get(0);
        assertThat(mail.get("messageId").asText()).isEqualTo("msg-2");
        assertThat(mail.get("to").get(0).asText()).isEqualTo("bob@example.com");
        assertThat(mail.get("subject").asText()).isEqualTo(SUBJECT);
        assertThat(mail.get("text").asText()).isEqualTo("Grüße – ✓ ÆØÅ");
        assertThat(mail.get("html").asText()).isEqualTo(HTML);
    }

    @Test
    void shouldDecodeASubjectSentAsAnEncodedWord() throws Exception {
        // given an e-mail whose subject can only travel as an RFC 2047 encoded-word
        MimeMessage message = alternative(session(false), "msg-2", "bob@example.com");
        message.saveChanges();
        assertThat(message.getHeader("Subject", null)).startsWith("=?UTF-8?").doesNotContain("Grüße");

        // when
        Transport.send(message);

        // then
        assertThat(smsc.mails("bob@example.com")).singleElement()
                .satisfies(m -> assertThat(m.subject()).isEqualTo(SUBJECT));
    }

    @Test
    void shouldAcceptAuthPlainWithAnyCredentials() throws Exception {
        // given
        Session session = session(true);
        MimeMessage message = plain(session, "msg-auth", "carol@example.com", "with auth");

        // when
        Transport.send(message, "any-user", "any-password");

        // then
        assertThat(smsc.mails("carol@example.com")).singleElement()
                .satisfies(m -> assertThat(m.messageId()).isEqualTo("msg-auth"))
                .satisfies(m -> assertThat(m.text()).isEqualTo("with auth"));
    }

    @Test
    void shouldEmptyTheMailboxesOnReset() throws Exception {
        // given
        sendThree();
        assertThat(getJson("/mail/stats").get("received").asLong()).isEqualTo(3);

        // when
        HttpResponse<String> reset = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + smsc.httpPort() + "/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(reset.statusCode()).isEqualTo(204);
        JsonNode stats = getJson("/mail/stats");
        assertThat(stats.get("received").asLong()).isZero();
        assertThat(stats.get("distinctMessages").asLong()).isZero();
        assertThat(stats.get("duplicates").asLong()).isZero();
        assertThat(getJson("/mail/messages")).isEmpty();

        // and the server still receives
        Transport.send(plain(session(false), "msg-3", "dave@example.com", "after reset"));
        assertThat(getJson("/mail/stats").get("received").asLong()).isEqualTo(1);
    }

    @Test
    void shouldReportTheSmtpPortInHealth() throws Exception {
        JsonNode health = getJson("/health");

        assertThat(smsc.smtpPort()).isPositive();
        assertThat(health.get("smtpPort").asInt()).isEqualTo(smsc.smtpPort());
    }

    @Test
    void shouldAnswer405ToAPostOnMailStats() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + smsc.httpPort() + "/mail/stats"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void shouldAnswer404OnMailEndpointsWithoutAnSmtpServer() throws Exception {
        // given
        SmscSimulator noSmtp = start(SmscSimulatorConfig.builder().smppPort(0).httpPort(0).build());

        // when
        HttpResponse<String> stats = get(noSmtp, "/mail/stats");
        HttpResponse<String> messages = get(noSmtp, "/mail/messages");
        JsonNode health = JSON.readTree(get(noSmtp, "/health").body());

        // then
        assertThat(stats.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(stats.body()).get("error").asText()).contains("SMTP is not enabled");
        assertThat(messages.statusCode()).isEqualTo(404);
        assertThat(noSmtp.smtpEnabled()).isFalse();
        assertThat(noSmtp.smtpPort()).isEqualTo(-1);
        assertThat(health.has("smtpPort")).isFalse();
        assertThat(get(noSmtp, "/reset").statusCode()).as("GET /reset").isEqualTo(405);
    }

    @Test
    void shouldNameTheSmtpPortWhenItIsAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            SmscSimulator second = new SmscSimulator(SmscSimulatorConfig.builder().smppPort(0).httpPort(0)
                    .smtpPort(taken.getLocalPort()).build());
            started.add(second);

            assertThatThrownBy(second::start)
                    .isInstanceOf(PortInUseException.class)
                    .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(taken.getLocalPort()));
        }
    }
}
