package app.speakingdiary.system;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import app.speakingdiary.config.DiaryProperties;

/**
 * The Mini App's origin (and CORS_EXTRA_ORIGINS) may call the API with its authentication
 * headers.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

	@Bean
	CorsWebFilter corsWebFilter(DiaryProperties properties) {
		List<String> origins = new ArrayList<>();
		origins.add(origin(properties.webapp().uri()));
		properties.webapp().extraOrigins().forEach((origin) -> origins.add(origin(URI.create(origin))));
		org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
		cors.setAllowedOrigins(origins);
		cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Session-Token", "X-Telegram-Init-Data"));
		cors.setExposedHeaders(List.of("Location", "Retry-After"));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", cors);
		return new CorsWebFilter(source);
	}

	static String origin(URI uri) {
		return uri.getScheme().toLowerCase() + "://" + uri.getHost().toLowerCase()
				+ ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

}
