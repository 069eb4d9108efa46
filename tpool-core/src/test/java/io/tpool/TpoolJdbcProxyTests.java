package io.tpool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.tpool.testsupport.H2Functions;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for tpool proxies around a real JDBC driver: an in-memory H2 database, whose
 * {@code THREAD_NAME()} alias tells on which thread the SQL ran.
 *
 * @since 0.1.0
 */
class TpoolJdbcProxyTests {

	private static final Autowrap JDBC = Autowrap.types(Statement.class, PreparedStatement.class, ResultSet.class);

	private final Tpool pool = Tpool.builder().size(4).build();

	private Connection connection;

	@BeforeEach
	void connect() throws SQLException {
		Connection target = DriverManager.getConnection("jdbc:h2:mem:proxy" + System.nanoTime());
		try (Statement statement = target.createStatement()) {
			statement.execute(H2Functions.CREATE_THREAD_NAME);
			statement.execute("CREATE TABLE legacy(id INT PRIMARY KEY, name VARCHAR(20))");
		}
		this.connection = this.pool.proxy(target, Connection.class, JDBC);
	}

	@AfterEach
	void close() throws SQLException {
		this.connection.close();
		this.pool.close();
	}

	@Test
	void sqlRunsOnAPoolThread() throws SQLException {
		try (Statement statement = this.connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT THREAD_NAME()")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).startsWith("tpool-");
		}
	}

	@Test
	void statementsAndResultSetsComeBackAsProxies() throws SQLException {
		try (Statement statement = this.connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT 1")) {
			assertThat(Tpool.isProxy(statement)).isTrue();
			assertThat(Tpool.isProxy(rows)).isTrue();
			assertThat(Tpool.isProxy(this.connection)).isTrue();
		}
	}

	@Test
	void preparedStatementComesBackAsAPreparedStatementProxyEvenWhenOnlyStatementIsListed() throws SQLException {
		Connection connection = this.pool.proxy(Tpool.unwrap(this.connection), Connection.class,
				Autowrap.types(Statement.class));
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO legacy VALUES (?, ?)")) {
			assertThat(Tpool.isProxy(insert)).isTrue();
			insert.setInt(1, 1);
			insert.setString(2, "one");
			assertThat(insert.executeUpdate()).isEqualTo(1);
		}
	}

	@Test
	void queriesWithParametersReadWhatWasWritten() throws SQLException {
		try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO legacy VALUES (?, ?)")) {
			for (int id = 1; id <= 3; id++) {
				insert.setInt(1, id);
				insert.setString(2, "row " + id);
				insert.executeUpdate();
			}
		}
		try (PreparedStatement query = this.connection
			.prepareStatement("SELECT name, THREAD_NAME() FROM legacy WHERE id >= ? ORDER BY id");) {
			query.setInt(1, 2);
			try (ResultSet rows = query.executeQuery()) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("row 2");
				assertThat(rows.getString(2)).startsWith("tpool-");
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("row 3");
				assertThat(rows.next()).isFalse();
			}
		}
	}

	@Test
	void driverExceptionComesBackUnchanged() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeQuery("SELECT nonsense"))
				.withMessageContaining("NONSENSE");
		}
	}

	@Test
	void unwrapGivesTheDriversOwnObjectNeverAnAutowrapProxyAndIsWrapperForAnswersAsTheTargetDoes() throws SQLException {
		Connection autowrapping = this.pool.proxy(Tpool.unwrap(this.connection), Connection.class,
				Autowrap.types(Connection.class, Statement.class));
		long completed = this.pool.stats().completed();
		assertThat(autowrapping.isWrapperFor(JdbcConnection.class)).isTrue();
		assertThat(autowrapping.isWrapperFor(ResultSet.class)).isFalse();
		JdbcConnection own = autowrapping.unwrap(JdbcConnection.class);
		assertThat(own).isSameAs(Tpool.unwrap(autowrapping));
		assertThat(Tpool.isProxy(own)).isFalse();
		assertThat(autowrapping.unwrap(Connection.class)).isSameAs(own);
		// unwrap and isWrapperFor answer at once, on the caller.
		assertThat(this.pool.stats().completed()).isEqualTo(completed);
		try (Statement statement = autowrapping.createStatement()) {
			assertThat(Tpool.isProxy(statement)).isTrue();
			assertThat(Tpool.isProxy(statement.unwrap(Statement.class))).isFalse();
		}
	}

}
