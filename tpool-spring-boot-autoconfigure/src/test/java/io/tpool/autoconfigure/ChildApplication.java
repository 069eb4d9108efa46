package io.tpool.autoconfigure;

import io.tpool.Tpool;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application started in a child JVM, where the environment variables are the subject
 * of a test: prints the size of its pool, or Spring Boot's failure report.
 *
 * @author tpool
 */
@SpringBootConfiguration
@ImportAutoConfiguration(TpoolAutoConfiguration.class)
public class ChildApplication {

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ChildApplication.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			System.out.println("tpool size: " + context.getBean(Tpool.class).size());
		}
	}

}
