package io.tpool.autoconfigure;

import io.tpool.Offload;
import io.tpool.Tpool;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application started in a child JVM, where the environment variables or Spring Boot's
 * failure report are the subject of a test: prints the size of each of its pools, or the
 * report.
 *
 * @since 0.1.0
 */
@SpringBootConfiguration
@ImportAutoConfiguration(TpoolAutoConfiguration.class)
public class ChildApplication {

	@Bean
	@ConditionalOnBooleanProperty("child.final-method")
	FinalMethodClient finalMethodClient() {
		return new FinalMethodClient();
	}

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ChildApplication.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			for (Tpool pool : context.getBeansOfType(Tpool.class).values()) {
				System.out.println(pool.name() + " size: " + pool.size());
			}
		}
	}

	/** Carries {@code @Offload} on a method that no proxy can intercept. */
	static class FinalMethodClient {

		@Offload
		public final String query() {
			return Thread.currentThread().getName();
		}

	}

}
