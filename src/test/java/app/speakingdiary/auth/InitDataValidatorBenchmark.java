package app.speakingdiary.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import app.speakingdiary.support.InitDataSigner;

/**
 * JMH: validations per second of initData. Run with bench/initdata.sh; it is not part of
 * the test suite.
 * <ul>
 * <li>{@code typical}: the typical initData of issue #4, about 400 bytes with
 * {@code user} and {@code signature}: the fields of the widely published example
 * ({@code query_id}, {@code user}, {@code auth_date}) with a real-length (86 characters)
 * signature, 417 bytes, signed here and dated now.</li>
 * <li>{@code telegram_with_photo_url}: real Telegram-issued data (Bot API 8.0, 627 bytes:
 * the user's {@code photo_url}, {@code chat_instance}, {@code chat_type}), from tma.js's
 * tests; dated 2024, so it is checked with the age limit off.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InitDataValidatorBenchmark {

	private static final String TOKEN = "7342037359:AAHI25ES9xCOMPokpYoz-p8XVrZUdygo2J4";

	private static final String TELEGRAM_TOKEN = "7342037359:AAFZehRPBRs8Seg40oDjTMIW8uTGPuW1zfQ";

	private static final String TELEGRAM_INIT_DATA = "user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22"
			+ "Vladislav%20%2B%20-%20%3F%20%5C%2F%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22"
			+ "%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%2C%22"
			+ "photo_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2F"
			+ "4FPEE4tmP3ATHa57u6MqTDih13LTOiMoKoLDRG4PnSA.svg%22%7D&chat_instance=8134722200314281151&chat_type=private"
			+ "&auth_date=1733584787&signature=zL-ucjNyREiHDE8aihFwpfR9aggP2xiAo3NSpfe-p7IbCisNlDKlo7Kb6G4D0Ao2mBrSgEk4ma"
			+ "LSdv6MLIlADQ&hash=2174df5b000556d044f3f020384e879c8efcab55ddea2ced4eb752e93e7080d6";

	@Param({ "typical", "telegram_with_photo_url" })
	public String shape;

	private InitDataValidator validator;

	private String initData;

	@Setup
	public void sign() {
		if (this.shape.equals("typical")) {
			this.validator = new InitDataValidator(TOKEN, Duration.ofDays(1), Clock.systemUTC());
			this.initData = new InitDataSigner(TOKEN).sign(typicalFields(System.currentTimeMillis() / 1000));
		}
		else {
			this.validator = new InitDataValidator(TELEGRAM_TOKEN, Duration.ZERO, Clock.systemUTC());
			this.initData = TELEGRAM_INIT_DATA;
		}
		// A benchmark of data that is refused would measure the refusal.
		this.validator.validate(this.initData);
	}

	@Benchmark
	public InitData validate() {
		return this.validator.validate(this.initData);
	}

	String initData() {
		return this.initData;
	}

	static Map<String, String> typicalFields(long authDate) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("query_id", "AAHdF6IQAAAAAN0XohDhrOrc");
		fields.put("user", "{\"id\":279058397,\"first_name\":\"Vladislav\",\"last_name\":\"Kibenko\",\"username\":"
				+ "\"vdkfrost\",\"language_code\":\"ru\",\"is_premium\":true}");
		fields.put("auth_date", String.valueOf(authDate));
		fields.put("signature",
				"zL-ucjNyREiHDE8aihFwpfR9aggP2xiAo3NSpfe-p7IbCisNlDKlo7Kb6G4D0Ao2mBrSgEk4maLSdv6MLIlADQ");
		return fields;
	}

}
