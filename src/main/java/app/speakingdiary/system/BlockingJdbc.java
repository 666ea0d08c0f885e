package app.speakingdiary.system;

import java.util.concurrent.Callable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking JDBC work off the event loop. Each call runs whole on one thread of a scheduler sized to the
 * connection pool, so a transaction never hops threads and no event-loop thread ever waits for PostgreSQL.
 */
@Component
public class BlockingJdbc implements DisposableBean {

	private final Scheduler scheduler;

	BlockingJdbc(DataSource dataSource) {
		int poolSize = (dataSource instanceof HikariDataSource hikari) ? hikari.getMaximumPoolSize() : 10;
		// A few threads more than connections: a thread waiting for a connection then times out in Hikari with a
		// clear error instead of queueing unboundedly behind the pool.
		this.scheduler = Schedulers.newBoundedElastic(poolSize + 4, 10_000, "jdbc");
	}

	public <T> Mono<T> call(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(this.scheduler);
	}

	public Mono<Void> run(Runnable work) {
		return Mono.<Void>fromRunnable(work).subscribeOn(this.scheduler);
	}

	@Override
	public void destroy() {
		this.scheduler.dispose();
	}

}
