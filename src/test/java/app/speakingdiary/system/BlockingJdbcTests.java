package app.speakingdiary.system;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BlockingJdbcTests {

	private final BlockingJdbc blocking = new BlockingJdbc(2, 100);

	@AfterEach
	void stop() {
		this.blocking.destroy();
	}

	@Test
	void aBurstLargerThanThePoolWaitsItsTurnWithNeverMoreThreadsAtWorkThanConnections() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		List<Integer> done = Flux.range(0, 60).flatMap((i) -> this.blocking.call(() -> {
			mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
			Thread.sleep(2);
			running.decrementAndGet();
			return i;
		}), 60).collectList().block(Duration.ofSeconds(30));

		assertThat(done).hasSize(60).doesNotHaveDuplicates();
		assertThat(mostAtOnce.get()).isEqualTo(2);
	}

	@Test
	void handlerWorkFromOneOfItsThreadsStaysOnThatThreadAndOtherWorkGoesToOne() throws Exception {
		String[] ran = new String[2];
		String resolvedOn = this.blocking.call(() -> {
			this.blocking.taskExecutor().execute(() -> ran[0] = Thread.currentThread().getName());
			return Thread.currentThread().getName();
		}).block(Duration.ofSeconds(5));
		this.blocking.taskExecutor().submit(() -> ran[1] = Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);

		assertThat(ran[0]).isEqualTo(resolvedOn);
		assertThat(ran[1]).startsWith("jdbc-").isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void runsWorkOffTheCallersThread() {
		String caller = Thread.currentThread().getName();
		String worker = this.blocking.call(() -> Thread.currentThread().getName()).block(Duration.ofSeconds(5));

		assertThat(worker).startsWith("jdbc-").isNotEqualTo(caller);
	}

	@Test
	void refusesWorkAtOnceWhenTheQueueIsFull() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch finished = new CountDownLatch(102);
		for (int i = 0; i < 102; i++) {
			this.blocking.run(() -> await(release)).doOnTerminate(finished::countDown).subscribe();
		}

		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.blocking.call(() -> "late").block(Duration.ofSeconds(5)));
		release.countDown();
		assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.blocking.call(() -> "after").block(Duration.ofSeconds(5))).isEqualTo("after");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
