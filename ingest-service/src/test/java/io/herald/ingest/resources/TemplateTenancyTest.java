package io.herald.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.ingest.api.BatchRequest;
import io.herald.ingest.api.ErrorCode;
import io.herald.ingest.api.RecipientRequest;
import io.herald.ingest.api.StoredTemplate;
import io.herald.ingest.api.TemplateRequest;
import io.herald.ingest.auth.ApiClient;
import io.herald.ingest.core.BatchLimits;
import io.herald.ingest.core.BatchPreparer;
import io.herald.ingest.core.ClientLimitException;
import io.herald.ingest.core.InvalidBatchException;
import io.herald.ingest.core.PhoneNumberNormalizer;
import io.herald.ingest.template.InMemoryTemplateStore;
import io.herald.ingest.template.TemplateNotFoundException;
import io.herald.schema.NotificationRequest;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each client has its own templates: another client can neither read, replace, delete nor use them. */
class TemplateTenancyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryTemplateStore store = new InMemoryTemplateStore(CLOCK);
    private final TemplateResource resource = new TemplateResource(store, 160, 3);
    private final BatchPreparer preparer = new BatchPreparer(new BatchLimits(10, 160), new PhoneNumberNormalizer("NO"),
            store, CLOCK);
    private final ApiClient acme = new ApiClient("acme", new ApiClient.Quota(100, 1000));
    private final ApiClient rival = new ApiClient("rival", new ApiClient.Quota(100, 1000));

    private static BatchRequest batch(String template) {
        return new BatchRequest("HERALD", null, List.of(new RecipientRequest("+4791234567", null, null)), null, null,
                template, null, null, null);
    }

    @Test
    void anotherClientCanNeitherReadReplaceDeleteNorUseATemplate() {
        // given acme's template "welcome"
        assertThat(resource.put(acme, "welcome", null, new TemplateRequest("Welcome to Acme")).getStatus())
                .isEqualTo(201);

        // then rival cannot read or delete it, nor read its versions: 404, as for an id nobody has
        assertThatThrownBy(() -> resource.get(rival, "welcome")).isInstanceOf(TemplateNotFoundException.class);
        assertThatThrownBy(() -> resource.versions(rival, "welcome")).isInstanceOf(TemplateNotFoundException.class);
        assertThatThrownBy(() -> resource.delete(rival, "welcome", null))
                .isInstanceOf(TemplateNotFoundException.class);
        // and a batch of rival's naming it is a 400 at /template
        assertThatThrownBy(() -> preparer.prepare(batch("welcome"), rival.clientId()))
                .isInstanceOfSatisfying(InvalidBatchException.class, e -> assertThat(e.errors())
                        .anySatisfy(error -> assertThat(error.pointer()).isEqualTo("/template")));

        // when rival writes a "welcome" of its own, it is rival's version 1, and acme's is unchanged
        Response own = resource.put(rival, "welcome", null, new TemplateRequest("Rival says hi"));
        assertThat(own.getStatus()).isEqualTo(201);
        assertThat(((StoredTemplate) own.getEntity()).id()).isEqualTo("welcome");
        assertThat(((StoredTemplate) resource.get(acme, "welcome").getEntity()).text()).isEqualTo("Welcome to Acme");
        assertThat(preparer.prepare(batch("welcome"), acme.clientId()).requests())
                .extracting(NotificationRequest::getText).containsExactly("Welcome to Acme");
        assertThat(preparer.prepare(batch("welcome"), rival.clientId()).requests())
                .extracting(NotificationRequest::getText).containsExactly("Rival says hi");

        // and rival deleting "welcome" deletes its own only
        assertThat(resource.delete(rival, "welcome", null).getStatus()).isEqualTo(204);
        assertThat(((StoredTemplate) resource.get(acme, "welcome").getEntity()).version()).isEqualTo(1);
    }

    @Test
    void aClientListsItsOwnTemplatesOnlyById() {
        // given two of acme's templates and one of rival's
        resource.put(acme, "welcome", null, new TemplateRequest("Welcome to Acme"));
        resource.put(acme, "code", null, new TemplateRequest("Your code is {{code}}"));
        resource.put(rival, "alert", null, new TemplateRequest("Rival alert"));
        TemplateListResource list = new TemplateListResource(store);

        // then each lists its own, by id, without the owner's prefix
        assertThat(list.list(acme).get("templates")).extracting(StoredTemplate::id, StoredTemplate::text)
                .containsExactly(tuple("code", "Your code is {{code}}"), tuple("welcome", "Welcome to Acme"));
        assertThat(list.list(rival).get("templates")).extracting(StoredTemplate::id).containsExactly("alert");
    }

    @Test
    void aClientHasAtMostItsLimitOfTemplatesWhateverOthersHave() {
        // given acme has its 3 templates and rival and the legacy ids have more
        for (String id : List.of("a", "b", "c")) {
            assertThat(resource.put(acme, id, null, new TemplateRequest("Text " + id)).getStatus()).isEqualTo(201);
        }
        resource.put(rival, "d", null, new TemplateRequest("Rival"));
        store.put("legacy", "Legacy", null);

        // then a fourth of acme's is refused with limit-reached, nothing written
        assertThatThrownBy(() -> resource.put(acme, "d", null, new TemplateRequest("Too many")))
                .isInstanceOfSatisfying(ClientLimitException.class,
                        e -> assertThat(e.getCode()).isEqualTo(ErrorCode.LIMIT_REACHED));
        assertThatThrownBy(() -> resource.get(acme, "d")).isInstanceOf(TemplateNotFoundException.class);
        // and replacing one of its own is fine, as is a new one once it deleted one
        assertThat(resource.put(acme, "a", null, new TemplateRequest("Text a2")).getStatus()).isEqualTo(200);
        assertThat(resource.delete(acme, "b", null).getStatus()).isEqualTo(204);
        assertThat(resource.put(acme, "d", null, new TemplateRequest("Now fits")).getStatus()).isEqualTo(201);
        // and rival is not held back by acme's count
        assertThat(resource.put(rival, "e", null, new TemplateRequest("Rival 2")).getStatus()).isEqualTo(201);
    }

    @Test
    void aTemplateFromBeforeClientsHadTemplatesIsReadOnlyForAll() {
        // given a legacy template, keyed by its id alone
        store.put("otp", "Code {{code}}", null);

        // then every client reads it, none deletes it, and one's own "otp" comes first for that client only
        assertThat(((StoredTemplate) resource.get(acme, "otp").getEntity()).text()).isEqualTo("Code {{code}}");
        assertThatThrownBy(() -> resource.delete(rival, "otp", null)).isInstanceOf(TemplateNotFoundException.class);
        resource.put(acme, "otp", null, new TemplateRequest("Acme code {{code}}"));
        assertThat(((StoredTemplate) resource.get(acme, "otp").getEntity()).text()).isEqualTo("Acme code {{code}}");
        assertThat(((StoredTemplate) resource.get(rival, "otp").getEntity()).text()).isEqualTo("Code {{code}}");
    }
}
