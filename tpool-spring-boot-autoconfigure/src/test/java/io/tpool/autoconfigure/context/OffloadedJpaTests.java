package io.tpool.autoconfigure.context;

import java.time.Duration;

import io.tpool.Offload;
import io.tpool.autoconfigure.TpoolAutoConfiguration;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for an offloaded JPA call made inside a transaction: it joins the caller's entity
 * manager, with Hibernate on H2.
 */
class OffloadedJpaTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TpoolAutoConfiguration.class, TpoolContextAutoConfiguration.class,
				DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withUserConfiguration(NotebookConfiguration.class)
		.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop");

	@Test
	void offloadedCallUsesTheEntityManagerOfTheCallersTransaction() {
		run((context) -> transaction(context).executeWithoutResult((status) -> {
			EntityManager callers = EntityManagerFactoryUtils
				.getTransactionalEntityManager(context.getBean(EntityManagerFactory.class));
			assertThat(callers).isNotNull();
			assertThat(notebook(context).transactionalEntityManager()).isSameAs(callers);
		}));
	}

	@Test
	void offloadedCallFindsAnEntityThatTheCallerPersistedButDidNotFlush() {
		run((context) -> transaction(context).executeWithoutResult((status) -> {
			Note note = new Note("unflushed", "persisted by the caller");
			entityManager(context).persist(note);
			assertThat(notebook(context).find("unflushed")).isSameAs(note);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM note", Integer.class))
				.as("rows flushed")
				.isZero();
		}));
	}

	@Test
	void entityThatTheOffloadedCallPersistsIsRolledBackWithTheCallersTransaction() {
		run((context) -> {
			transaction(context).executeWithoutResult((status) -> {
				notebook(context).persist("offloaded");
				assertThat(entityManager(context).find(Note.class, "offloaded")).isNotNull();
				status.setRollbackOnly();
			});
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM note", Integer.class))
				.isZero();
		});
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> test.accept(context));
		});
	}

	private static TransactionTemplate transaction(AssertableApplicationContext context) {
		return context.getBean(TransactionTemplate.class);
	}

	private static EntityManager entityManager(AssertableApplicationContext context) {
		return context.getBean(NotebookConfiguration.class).entityManager;
	}

	private static Notebook notebook(AssertableApplicationContext context) {
		return context.getBean(Notebook.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Note.class)
	static class NotebookConfiguration {

		@PersistenceContext
		@SuppressWarnings("NullAway.Init")
		EntityManager entityManager;

		@Bean
		Notebook notebook() {
			return new Notebook();
		}

	}

	/** A legacy client of the database, offloaded. */
	@Offload
	static class Notebook {

		@PersistenceContext
		@SuppressWarnings("NullAway.Init")
		private EntityManager entityManager;

		public @Nullable EntityManager transactionalEntityManager() {
			return EntityManagerFactoryUtils
				.getTransactionalEntityManager(this.entityManager.getEntityManagerFactory());
		}

		public @Nullable Note find(String id) {
			return this.entityManager.find(Note.class, id);
		}

		public void persist(String id) {
			this.entityManager.persist(new Note(id, "persisted on " + Thread.currentThread().getName()));
		}

	}

	@Entity
	@Table(name = "note")
	static class Note {

		@Id
		private String id;

		private String text;

		Note(String id, String text) {
			this.id = id;
			this.text = text;
		}

		protected Note() {
			this("", "");
		}

		String getId() {
			return this.id;
		}

		String getText() {
			return this.text;
		}

	}

}
