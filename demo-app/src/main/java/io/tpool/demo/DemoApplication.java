package io.tpool.demo;

import java.util.Arrays;

import io.tpool.demo.compare.CompareCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A virtual-thread web application that shows carrier starvation and its cure. With
 * {@code --compare} it measures both instead of serving them.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) throws InterruptedException {
		if (Arrays.asList(args).contains(CompareCommand.FLAG)) {
			CompareCommand.run(DemoApplication.class, args, System.out);
			return;
		}
		SpringApplication.run(DemoApplication.class, args);
	}

}
