package app.speakingdiary.auth;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import app.speakingdiary.config.DiaryProperties;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebFluxConfigurer {

	private final CallerArgumentResolver callers;

	private final SignedUserArgumentResolver signedUsers;

	AuthConfiguration(CallerArgumentResolver callers, SignedUserArgumentResolver signedUsers) {
		this.callers = callers;
		this.signedUsers = signedUsers;
	}

	@Bean
	static InitDataValidator initDataValidator(DiaryProperties properties, Clock clock) {
		return new InitDataValidator(properties.telegram().botToken(), properties.telegram().initDataMaxAge(), clock);
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(this.callers, this.signedUsers);
	}

}
