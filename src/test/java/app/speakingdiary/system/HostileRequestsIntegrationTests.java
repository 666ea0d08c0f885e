package app.speakingdiary.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 generated hostile requests (seeded, so a failure reproduces): malformed and
 * oversized bodies, wrong types, invalid UTF-8, NUL bytes, injection attempts, forged,
 * foreign and replayed credentials. None may get a 5xx, none may read another user's
 * notes, and the service stays healthy.
 */
class HostileRequestsIntegrationTests extends IntegrationTest {

	private static final String[] NASTY = { "'; DROP TABLE note; --", "\" OR 1=1 --", "${jndi:ldap://x}", "%00",
			"\u0000", "\r\nX-Injected: 1", "../../etc/passwd", "<script>alert(1)</script>", "\uFEFF", "🙂".repeat(50),
			"\\u0000", "null", "[]", "{}", "-1", "9223372036854775808", "1e309", "NaN", "", " " };

	@LocalServerPort
	private int port;

	/**
	 * A new connection per request, as separate attackers would make; nothing rides on a
	 * reused connection.
	 */
	private WebTestClient client;

	@Test
	void survivesTenThousandHostileRequests() throws Exception {
		this.client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		Random random = new Random(20261126);
		List<ApiUser> users = List.of(newUser(601), newUser(602), newUser(603));
		for (ApiUser user : users) {
			post(user, "{\"text\":\"secret of " + user.id() + "\"}");
		}
		List<Attack> attacks = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			ApiUser me = users.get(random.nextInt(users.size()));
			attacks.add(attack(random, me, users.get(random.nextInt(users.size()))));
		}
		List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			for (java.util.concurrent.Future<?> sent : pool
				.invokeAll(attacks.stream().<java.util.concurrent.Callable<Object>>map((attack) -> () -> {
					int status = attack.send(this).value();
					if (status >= 500) {
						failures.add(status + " for " + attack.description);
					}
					if (status < 300 && attack.lastBody != null && attack.other.id() != attack.asUser.id()
							&& attack.lastBody.contains("secret of " + attack.other.id())) {
						failures.add("cross-user read for " + attack.description);
					}
					return null;
				}).toList())) {
				sent.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(failures).isEmpty();
		for (ApiUser user : users) {
			String notes = this.http.get()
				.uri("/api/telegram/notes?limit=200")
				.header("X-Session-Token", user.token())
				.header("Authorization", "tma " + user.initData())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			for (ApiUser other : users) {
				if (other != user) {
					assertThat(notes).doesNotContain("secret of " + other.id());
				}
			}
		}
		this.http.get().uri("/api/telegram/health").exchange().expectStatus().isOk();
		assertThat(this.jdbc.sql("SELECT count(*) FROM note WHERE text LIKE 'secret of %'").query(Long.class).single())
			.isEqualTo(3);
	}

	private void post(ApiUser user, String json) {
		this.http.post()
			.uri("/api/telegram/notes")
			.header("X-Session-Token", user.token())
			.header("Authorization", "tma " + user.initData())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private static final class Attack {

		String description;

		HttpMethod method = HttpMethod.GET;

		String uri = "/api/telegram/notes";

		String token;

		String authorization;

		String contentType = MediaType.APPLICATION_JSON_VALUE;

		byte[] body;

		ApiUser asUser;

		ApiUser other;

		String lastBody;

		org.springframework.http.HttpStatusCode send(HostileRequestsIntegrationTests test) {
			var request = test.client.method(this.method).uri(this.uri).headers((headers) -> {
				if (this.token != null) {
					headers.set("X-Session-Token", this.token);
				}
				if (this.authorization != null) {
					headers.set("Authorization", this.authorization);
				}
				headers.set("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET);
				if (this.contentType != null) {
					headers.set("Content-Type", this.contentType);
				}
			});
			var result = ((this.body != null) ? request.bodyValue(this.body) : request).exchange()
				.expectBody(String.class)
				.returnResult();
			this.lastBody = result.getResponseBody();
			return result.getStatus();
		}

	}

	private static Attack attack(Random random, ApiUser me, ApiUser other) {
		Attack attack = new Attack();
		attack.asUser = me;
		attack.other = other;
		attack.token = me.token();
		attack.authorization = "tma " + me.initData();
		String nasty = NASTY[random.nextInt(NASTY.length)];
		switch (random.nextInt(14)) {
			case 0 -> { // malformed or truncated JSON to the webhook
				attack.method = HttpMethod.POST;
				attack.uri = "/api/telegram/webhook";
				String update = "{\"update_id\":" + random.nextInt()
						+ ",\"message\":{\"text\":\"/start\",\"chat\":{\"id\":1,\"type\":\"private\"},\"from\":{\"id\":1}}}";
				attack.body = update.substring(0, random.nextInt(update.length() + 1)).getBytes(StandardCharsets.UTF_8);
			}
			case 1 -> { // wrong types everywhere in an update
				attack.method = HttpMethod.POST;
				attack.uri = "/api/telegram/webhook";
				attack.body = ("{\"update_id\":" + json(nasty) + ",\"message\":{\"chat\":" + json(nasty)
						+ ",\"from\":[1],\"text\":7}}")
					.getBytes(StandardCharsets.UTF_8);
			}
			case 2 -> { // invalid UTF-8 and NUL bytes in a note
				attack.method = HttpMethod.POST;
				byte[] prefix = "{\"text\":\"".getBytes(StandardCharsets.UTF_8);
				byte[] bytes = new byte[prefix.length + 8 + 2];
				System.arraycopy(prefix, 0, bytes, 0, prefix.length);
				for (int i = 0; i < 8; i++) {
					bytes[prefix.length + i] = (byte) (0x80 + random.nextInt(0x80));
				}
				bytes[bytes.length - 2] = '"';
				bytes[bytes.length - 1] = '}';
				attack.body = bytes;
			}
			case 3 -> { // injection attempts stored only as text
				attack.method = HttpMethod.POST;
				attack.body = ("{\"text\":" + json("note " + nasty) + "}").getBytes(StandardCharsets.UTF_8);
			}
			case 4 -> { // another user's token with my initData
				attack.token = other.token();
			}
			case 5 -> { // my token with another user's initData (replayed)
				attack.authorization = "tma " + other.initData();
			}
			case 6 -> { // forged initData
				attack.authorization = "tma " + me.initData().replaceFirst("hash=[0-9a-f]{4}", "hash=ffff");
			}
			case 7 -> { // initData signed for another bot or long expired
				attack.authorization = "tma " + (random.nextBoolean()
						? new InitDataSigner("1:forged").forUser(me.id(), "X", "ru", Instant.now().getEpochSecond())
						: new InitDataSigner(BOT_TOKEN).forUser(me.id(), "X", "ru", 1_600_000_000L));
			}
			case 8 -> { // hostile paging parameters
				attack.uri = "/api/telegram/notes?limit=" + encode(nasty) + "&before=" + encode(nasty);
			}
			case 9 -> { // deleting another user's notes by guessing ids
				attack.method = HttpMethod.DELETE;
				// Notes 1-3 are the three users' secrets, written first: aim at one that
				// is not mine.
				long target = (other.id() != me.id()) ? other.id() - 600 : 1_000 + random.nextInt(10);
				attack.uri = "/api/telegram/notes/" + (random.nextBoolean() ? String.valueOf(target) : encode(nasty));
			}
			case 10 -> { // a huge body
				attack.method = HttpMethod.POST;
				attack.uri = random.nextBoolean() ? "/api/telegram/notes" : "/api/telegram/webhook";
				attack.body = new byte[(random.nextInt(8) == 0) ? 1_100_000 : 70_000];
			}
			case 11 -> { // garbage headers
				attack.token = (nasty.replaceAll("[^\\x20-\\x7e]", "") + random.nextInt()).strip();
				attack.authorization = ("tma " + nasty.replaceAll("[^\\x20-\\x7e]", "")).strip();
			}
			case 12 -> { // wrong content types and methods
				attack.method = random.nextBoolean() ? HttpMethod.PUT : HttpMethod.PATCH;
				attack.contentType = random.nextBoolean() ? "text/plain" : "application/xml";
				attack.body = nasty.getBytes(StandardCharsets.UTF_8);
			}
			default -> { // deeply nested JSON
				attack.method = HttpMethod.POST;
				attack.uri = random.nextBoolean() ? "/api/telegram/notes" : "/api/telegram/webhook";
				int depth = 2000 + random.nextInt(3000);
				attack.body = ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
			}
		}
		attack.description = attack.method + " " + attack.uri + " (" + ((attack.body != null) ? attack.body.length : 0)
				+ " bytes)";
		return attack;
	}

	private static String json(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
