package app.speakingdiary.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Controller methods that return a plain value (not a {@code Mono} or {@code Flux}) run
 * on {@link BlockingJdbc}'s threads, after their arguments are resolved: such a method
 * may call the database directly, and none ever runs on an event loop.
 */
@Configuration(proxyBeanMethods = false)
class BlockingHandlers implements WebFluxConfigurer {

	private final BlockingJdbc blocking;

	BlockingHandlers(BlockingJdbc blocking) {
		this.blocking = blocking;
	}

	@Override
	public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
		configurer.setExecutor(this.blocking.taskExecutor());
	}

}
