package app.speakingdiary.auth;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import app.speakingdiary.session.SessionTokens;
import app.speakingdiary.session.Sessions;
import app.speakingdiary.support.InitDataSigner;
import app.speakingdiary.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class ApiAuthenticationIntegrationTests extends IntegrationTest {

	@Autowired
	private Sessions sessions;

	@Test
	void admitsACallWithTheTokenAndInitDataOfOneUser() {
		ApiUser ada = newUser(101);

		me(ada.token(), "tma " + ada.initData()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user.id")
			.isEqualTo(101);
	}

	@Test
	void acceptsTheAlternativeInitDataHeader() {
		ApiUser ada = newUser(102);

		this.http.get()
			.uri("/api/telegram/me")
			.header("X-Session-Token", ada.token())
			.header("X-Telegram-Init-Data", ada.initData())
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void refusesTheSessionTokenInTheQueryStringWhichLogsWouldKeep() {
		ApiUser ada = newUser(102);

		refused(this.http.get()
			.uri("/api/telegram/me?session=" + ada.token())
			.header("Authorization", "tma " + ada.initData())
			.exchange(), HttpStatus.UNAUTHORIZED, "session_missing");
	}

	@Test
	void refusesInitDataDatedPastTheYear9999AsInvalidRatherThanFailing() {
		ApiUser ada = newUser(113);
		String farFuture = new InitDataSigner(BOT_TOKEN).forUser(113, "A", "ru", Long.MAX_VALUE - 1);

		refused(me(ada.token(), "tma " + farFuture), HttpStatus.UNAUTHORIZED, "init_data_auth_date_invalid");
	}

	@Test
	void keepsApiAnswersOutOfEveryCache() {
		ApiUser ada = newUser(114);

		me(ada.token(), "tma " + ada.initData()).expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.noStore());
		me("x".repeat(43), "tma " + ada.initData()).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.cacheControl(CacheControl.noStore());
	}

	@Test
	void logsOutOneTokenAndLeavesTheUsersOtherDevicesSignedIn() {
		ApiUser phone = newUser(115);
		ApiUser laptop = newUser(115);

		this.http.delete()
			.uri("/api/telegram/session")
			.header("X-Session-Token", phone.token())
			.header("Authorization", "tma " + phone.initData())
			.exchange()
			.expectStatus()
			.isNoContent();

		refused(me(phone.token(), "tma " + phone.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");
		me(laptop.token(), "tma " + laptop.initData()).expectStatus().isOk();
	}

	@Test
	void endsASessionAtItsAbsoluteLifetimeThoughItIsUsedEveryDay() {
		ApiUser ada = newUser(116);
		this.jdbc.sql("UPDATE user_session SET created_at = now() - interval '91 days', last_seen = now()").update();

		refused(me(ada.token(), "tma " + ada.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");
	}

	@Test
	void retiresTheOldestSessionsBeyondTheLimitPerUser() {
		ApiUser first = newUser(117);
		for (int i = 0; i < 20; i++) {
			newUser(117);
		}

		refused(me(first.token(), "tma " + first.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session WHERE user_id = 117 AND revoked_at IS NULL")
			.query(Long.class)
			.single()).isEqualTo(20);
	}

	@Test
	void purgesSessionsThatCanNeverBeUsedAgainAndKeepsTheLiveOnes() {
		ApiUser live = newUser(119);
		for (String ended : new String[] { "revoked_at = now()", "last_seen = now() - interval '31 days'",
				"created_at = now() - interval '91 days'" }) {
			String token = newUser(119).token();
			this.jdbc.sql("UPDATE user_session SET " + ended + " WHERE token_sha256 = ?")
				.param(SessionTokens.digest(token))
				.update();
		}

		assertThat(this.sessions.purgeEnded()).isEqualTo(3);
		me(live.token(), "tma " + live.initData()).expectStatus().isOk();
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void limitsSessionExchangesPerMinuteWithRetryAfter() {
		String initData = new InitDataSigner(BOT_TOKEN).forUser(118, "Ada", "en", Instant.now().getEpochSecond());
		awayFromAMinuteBoundary();
		for (int i = 0; i < 10; i++) {
			this.http.post()
				.uri("/api/telegram/session")
				.header("Authorization", "tma " + initData)
				.exchange()
				.expectStatus()
				.isCreated();
		}

		this.http.post()
			.uri("/api/telegram/session")
			.header("Authorization", "tma " + initData)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", (value) -> assertThat(Integer.parseInt(value)).isBetween(1, 60))
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("rate_limited");
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_session WHERE user_id = 118").query(Long.class).single())
			.isEqualTo(10);
	}

	@Test
	void tellsTheClientTheConfiguredNoteLengthLimit() {
		ApiUser ada = newUser(112);

		me(ada.token(), "tma " + ada.initData()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.limits.note_max_length")
			.isEqualTo(4096);
	}

	@Test
	void refusesACallWithoutInitData() {
		ApiUser ada = newUser(103);

		refused(me(ada.token(), null), HttpStatus.UNAUTHORIZED, "init_data_missing");
	}

	@Test
	void refusesACallWithoutAToken() {
		ApiUser ada = newUser(104);

		refused(me(null, "tma " + ada.initData()), HttpStatus.UNAUTHORIZED, "session_missing");
	}

	@Test
	void refusesForgedExpiredOrForeignInitDataWithItsReason() {
		ApiUser ada = newUser(105);
		long now = Instant.now().getEpochSecond();

		refused(me(ada.token(), "tma " + new InitDataSigner("1:someone-else").forUser(105, "A", "ru", now)),
				HttpStatus.UNAUTHORIZED, "init_data_signature_invalid");
		refused(me(ada.token(), "tma " + new InitDataSigner(BOT_TOKEN).forUser(105, "A", "ru", now - 2 * 86_400)),
				HttpStatus.UNAUTHORIZED, "init_data_expired");
		refused(me(ada.token(), "tma " + ada.initData().replace("hash=", "hash=0")), HttpStatus.UNAUTHORIZED,
				"init_data_hash_malformed");
		refused(me(ada.token(), "tma user=1&user=2"), HttpStatus.UNAUTHORIZED, "init_data_duplicate_key");
	}

	@Test
	void refusesUnknownRevokedAndIdleTokens() {
		ApiUser ada = newUser(106);
		refused(me("x".repeat(43), "tma " + ada.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");
		refused(me("not a token; drop table", "tma " + ada.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");

		this.jdbc.sql(
				"UPDATE user_session SET last_seen = now() - interval '31 days', created_at = now() - interval '40 days'")
			.update();
		refused(me(ada.token(), "tma " + ada.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");

		ApiUser again = newUser(106);
		this.jdbc.sql("UPDATE user_session SET revoked_at = now() WHERE token_sha256 = ?")
			.param(SessionTokens.digest(again.token()))
			.update();
		refused(me(again.token(), "tma " + again.initData()), HttpStatus.UNAUTHORIZED, "session_invalid");
	}

	@Test
	void refusesTheTokenOfOneUserWithTheInitDataOfAnother() {
		ApiUser ada = newUser(107);
		ApiUser bob = newUser(108);

		refused(me(ada.token(), "tma " + bob.initData()), HttpStatus.FORBIDDEN, "user_mismatch");
	}

	@Test
	void exchangesValidInitDataForANewSession() {
		String initData = new InitDataSigner(BOT_TOKEN).forUser(109, "Ada", "en", Instant.now().getEpochSecond());

		String token = this.http.post()
			.uri("/api/telegram/session")
			.header("Authorization", "tma " + initData)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.user_id")
			.isEqualTo(109)
			.returnResult()
			.getResponseBodyContent() == null ? null : sessionTokenOf(initData);

		assertThat(token).isNotNull();
		me(token, "tma " + initData).expectStatus().isOk().expectBody().jsonPath("$.user.first_name").isEqualTo("Ada");
	}

	@Test
	void keepsABlockedFlagWhenTheMiniAppSignsIn() {
		newUser(110);
		this.jdbc.sql("UPDATE telegram_user SET blocked_bot = true WHERE id = 110").update();

		this.http.post()
			.uri("/api/telegram/session")
			.header("Authorization",
					"tma " + new InitDataSigner(BOT_TOKEN).forUser(110, "A", "ru", Instant.now().getEpochSecond()))
			.exchange()
			.expectStatus()
			.isCreated();

		assertThat(this.jdbc.sql("SELECT blocked_bot FROM telegram_user WHERE id = 110").query(Boolean.class).single())
			.isTrue();
	}

	@Test
	void refusesTheExchangeWithoutValidInitData() {
		this.http.post()
			.uri("/api/telegram/session")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("init_data_missing");
		this.http.post()
			.uri("/api/telegram/session")
			.header("Authorization", "tma auth_date=1&hash=" + "0".repeat(64))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.reason")
			.isEqualTo("init_data_signature_invalid");
	}

	@Test
	void writesLastSeenAtMostOnceAMinute() {
		ApiUser ada = newUser(111);
		this.jdbc.sql("UPDATE user_session SET last_seen = now() - interval '30 seconds'").update();
		Instant before = lastSeen();

		me(ada.token(), "tma " + ada.initData()).expectStatus().isOk();
		assertThat(lastSeen()).isEqualTo(before);

		this.jdbc.sql("UPDATE user_session SET last_seen = now() - interval '2 minutes'").update();
		Instant stale = lastSeen();
		me(ada.token(), "tma " + ada.initData()).expectStatus().isOk();
		assertThat(lastSeen()).isAfter(stale);
	}

	private String sessionTokenOf(String initData) {
		return this.http.post()
			.uri("/api/telegram/session")
			.header("Authorization", "tma " + initData)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(java.util.Map.class)
			.returnResult()
			.getResponseBody()
			.get("session_token")
			.toString();
	}

	private Instant lastSeen() {
		return this.jdbc.sql("SELECT last_seen FROM user_session").query(java.sql.Timestamp.class).single().toInstant();
	}

	private ResponseSpec me(String token, String authorization) {
		return this.http.get().uri("/api/telegram/me").headers((headers) -> {
			if (token != null) {
				headers.set("X-Session-Token", token);
			}
			if (authorization != null) {
				headers.set("Authorization", authorization);
			}
		}).exchange();
	}

	private static void refused(ResponseSpec response, HttpStatus status, String reason) {
		response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.reason")
			.isEqualTo(reason)
			.jsonPath("$.detail")
			.isNotEmpty();
	}

}
