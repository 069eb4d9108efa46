package io.tpool.autoconfigure;

import io.tpool.Tpool;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application started in a child JVM, where the environment variables are the subject
 * of a test: prints the size of each of its pools, or Spring Boot's failure report.
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
			for (Tpool pool : context.getBeansOfType(Tpool.class).values()) {
				System.out.println(pool.name() + " size: " + pool.size());
			}
		}
	}

}
