package app.speakingdiary.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import app.speakingdiary.support.InitDataSigner;

/**
 * JMH: validations per second of a typical initData (about 400 bytes, with user and signature). Run with
 * bench/initdata.sh; it is not part of the test suite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InitDataValidatorBenchmark {

	private static final String TOKEN = "7342037359:AAHI25ES9xCOMPokpYoz-p8XVrZUdygo2J4";

	private InitDataValidator validator;

	private String initData;

	@Setup
	public void sign() {
		this.validator = new InitDataValidator(TOKEN, Duration.ofDays(1), Clock.systemUTC());
		this.initData = new InitDataSigner(TOKEN).forUser(279058397L, "Vladislav", "ru",
				System.currentTimeMillis() / 1000);
	}

	@Benchmark
	public InitData validate() {
		return this.validator.validate(this.initData);
	}

	public int initDataLength() {
		return this.initData.length();
	}

}
