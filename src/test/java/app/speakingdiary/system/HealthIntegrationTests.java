package app.speakingdiary.system;

import org.junit.jupiter.api.Test;

import app.speakingdiary.support.IntegrationTest;

class HealthIntegrationTests extends IntegrationTest {

	@Test
	void reportsOkWhenTheDatabaseAnswers() {
		this.http.get()
			.uri("/api/telegram/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody()
			.json("{\"status\":\"ok\"}", org.springframework.test.json.JsonCompareMode.STRICT);
	}

}
