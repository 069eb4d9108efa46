package io.tpool;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Tpool#proxy(Object, Class, Autowrap)} and {@link Autowrap}.
 *
 * @since 0.1.0
 */
class TpoolProxyTests {

	private final Tpool pool = Tpool.builder().size(2).build();

	@AfterEach
	void close() {
		this.pool.close();
	}

	@Test
	void everyMethodRunsOnAPoolThread() {
		Service proxy = this.pool.proxy(new ThreadReportingService(), Service.class);
		assertThat(proxy.thread()).startsWith("tpool-");
		assertThat(this.pool.stats().completed()).isEqualTo(1);
	}

	@Test
	void defaultMethodsRunOnAPoolThread() {
		Service proxy = this.pool.proxy(new ThreadReportingService(), Service.class);
		assertThat(proxy.threadByDefault()).startsWith("tpool-");
	}

	@Test
	void targetCallingBackThroughItsProxyRunsInlineSoOneThreadNeverDeadlocks() {
		try (Tpool single = Tpool.builder().size(1).build()) {
			CallingBack target = new CallingBack();
			Service proxy = single.proxy(target, Service.class);
			target.self = proxy;
			assertThat(proxy.nested()).isEqualTo("tpool-1/tpool-1");
			assertThat(single.stats().completed()).isEqualTo(1);
		}
	}

	@Test
	void uncheckedExceptionOfTheTargetComesBackAsTheSameInstance() {
		IllegalStateException failure = new IllegalStateException("bad");
		Service proxy = this.pool.proxy(new FailingService(failure), Service.class);
		assertThatThrownBy(proxy::thread).isSameAs(failure);
	}

	@Test
	void errorOfTheTargetComesBackAsTheSameInstance() {
		StackOverflowError failure = new StackOverflowError("deep");
		Service proxy = this.pool.proxy(new FailingService(failure), Service.class);
		assertThatThrownBy(proxy::thread).isSameAs(failure);
	}

	@Test
	void declaredCheckedExceptionOfTheTargetComesBackAsTheSameInstance() {
		IOException failure = new IOException("disk");
		Service proxy = this.pool.proxy(new FailingService(failure), Service.class);
		assertThatThrownBy(proxy::read).isSameAs(failure);
	}

	@Test
	void undeclaredCheckedExceptionGetsJavasOwnWrapper() {
		IOException failure = new IOException("sneaky");
		Service proxy = this.pool.proxy(new FailingService(failure), Service.class);
		assertThatExceptionOfType(UndeclaredThrowableException.class).isThrownBy(proxy::thread).withCause(failure);
	}

	@Test
	void toStringHashCodeAndEqualsAnswerAsTheTargetWithoutARoundTrip() {
		ThreadReportingService target = new ThreadReportingService();
		Service proxy = this.pool.proxy(target, Service.class);
		assertThat(proxy.toString()).isEqualTo(target.toString()).contains(Thread.currentThread().getName());
		assertThat(proxy.hashCode()).isEqualTo(target.hashCode());
		assertThat(proxy.equals(target)).isTrue();
		assertThat(this.pool.stats().completed()).isZero();
	}

	@Test
	void equalsUnwrapsAProxyArgument() {
		ThreadReportingService target = new ThreadReportingService();
		Service proxy = this.pool.proxy(target, Service.class);
		try (Tpool other = Tpool.builder().size(1).build()) {
			assertThat(proxy.equals(other.proxy(target, Service.class))).isTrue();
			assertThat(proxy.equals(other.proxy(new ThreadReportingService(), Service.class))).isFalse();
		}
	}

	@Test
	void proxyingAProxyReturnsIt() {
		Service proxy = this.pool.proxy(new ThreadReportingService(), Service.class);
		assertThat(this.pool.proxy(proxy, Service.class)).isSameAs(proxy);
	}

	@Test
	void isProxyAndUnwrapTellAProxyAndItsTarget() {
		ThreadReportingService target = new ThreadReportingService();
		Service proxy = this.pool.proxy(target, Service.class);
		assertThat(Tpool.isProxy(proxy)).isTrue();
		assertThat(Tpool.isProxy(target)).isFalse();
		assertThat(Tpool.isProxy(null)).isFalse();
		assertThat(Tpool.unwrap(proxy)).isSameAs(target);
		assertThat(Tpool.unwrap(target)).isSameAs(target);
	}

	@Test
	void nullValuesStayNull() {
		Tree proxy = this.pool.proxy(new Node("leaf", null), Tree.class, Autowrap.names("child"));
		assertThat(proxy.child()).isNull();
	}

	@Test
	void autowrapByTypeProxiesReturnedValuesAndTheirValuesInTurn() {
		Tree root = new Node("root", new Node("child", new Node("grandchild", null)));
		Tree proxy = this.pool.proxy(root, Tree.class, Autowrap.types(Tree.class));
		Tree child = proxy.child();
		assertThat(Tpool.isProxy(child)).isTrue();
		Tree grandchild = child.child();
		assertThat(Tpool.isProxy(grandchild)).isTrue();
		assertThat(grandchild.thread()).startsWith("tpool-");
		assertThat(grandchild.child()).isNull();
	}

	@Test
	void autowrapByNameProxiesWhatThoseMethodsReturn() {
		Tree root = new Node("root", new Node("child", new Node("grandchild", null)));
		Tree proxy = this.pool.proxy(root, Tree.class, Autowrap.names("child"));
		Tree grandchild = proxy.child().child();
		assertThat(Tpool.isProxy(grandchild)).isTrue();
		assertThat(grandchild.thread()).startsWith("tpool-");
		assertThat(Tpool.isProxy(proxy.sibling())).isFalse();
	}

	@Test
	void autowrapProxyImplementsTheDeclaredReturnTypeAndEveryMatchingAutowrapType() {
		@SuppressWarnings("unchecked")
		List<String> proxy = this.pool.proxy(new ArrayList<>(List.of("a", "b")), List.class,
				Autowrap.types(Iterator.class));
		ListIterator<String> iterator = proxy.listIterator();
		assertThat(Tpool.isProxy(iterator)).isTrue();
		assertThat(iterator.next()).isEqualTo("a");
		assertThat(iterator.previous()).isEqualTo("a");
	}

	@Test
	void combinedAutowrapWrapsWhatEitherWraps() {
		Autowrap autowrap = Autowrap.types(Iterator.class).and(Autowrap.names("subList"));
		assertThat(autowrap.interfaces()).containsExactly(Iterator.class);
		assertThat(autowrap.methodNames()).containsExactly("subList");
		@SuppressWarnings("unchecked")
		List<String> proxy = this.pool.proxy(new ArrayList<>(List.of("a", "b", "c")), List.class, autowrap);
		List<String> tail = proxy.subList(1, 3);
		assertThat(Tpool.isProxy(tail)).isTrue();
		assertThat(Tpool.isProxy(tail.iterator())).isTrue();
		assertThat(Autowrap.none().isNone()).isTrue();
		assertThat(Autowrap.none().and(autowrap)).isEqualTo(autowrap);
	}

	@Test
	void proxiedListIteratesInOrderWithEveryStepOnThePool() {
		RecordingList target = new RecordingList(List.of("a", "b", "c"));
		@SuppressWarnings("unchecked")
		List<String> proxy = this.pool.proxy(target, List.class, Autowrap.types(Iterator.class));
		List<String> seen = new ArrayList<>();
		for (String element : proxy) {
			seen.add(element);
		}
		assertThat(seen).containsExactly("a", "b", "c");
		assertThat(target.steps).hasSize(8).allSatisfy((step) -> assertThat(step).contains("@tpool-"));
	}

	@Test
	void proxiedListWritesThrough() {
		List<String> target = new ArrayList<>(List.of("a", "b"));
		@SuppressWarnings("unchecked")
		List<String> proxy = this.pool.proxy(target, List.class);
		assertThat(proxy.set(1, "z")).isEqualTo("b");
		assertThat(target).containsExactly("a", "z");
	}

	@Test
	void proxiedListGetOutOfRangeThrowsIndexOutOfBounds() {
		@SuppressWarnings("unchecked")
		List<String> proxy = this.pool.proxy(new ArrayList<>(List.of("a")), List.class);
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> proxy.get(99));
	}

	@Test
	void tenVirtualThreadsMakingAHundredCallsThroughOneProxyEachGetTheirOwnAnswers() throws Exception {
		Echo proxy = this.pool.proxy((value) -> value * 2, Echo.class);
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<List<Integer>>> answers = new ArrayList<>();
			for (int caller = 0; caller < 10; caller++) {
				int base = caller * 1000;
				answers.add(callers.submit(() -> {
					List<Integer> mine = new ArrayList<>();
					for (int call = 0; call < 100; call++) {
						mine.add(proxy.twice(base + call));
					}
					return mine;
				}));
			}
			for (int caller = 0; caller < 10; caller++) {
				List<Integer> expected = new ArrayList<>();
				for (int call = 0; call < 100; call++) {
					expected.add((caller * 1000 + call) * 2);
				}
				assertThat(answers.get(caller).get(30, TimeUnit.SECONDS)).isEqualTo(expected);
			}
		}
		assertThat(this.pool.stats().completed()).isEqualTo(1000);
	}

	@Test
	void proxyCallsFromManyVirtualThreadsRunConcurrentlyOnThePool() throws Exception {
		CountDownLatch bothInside = new CountDownLatch(2);
		Echo proxy = this.pool.proxy((value) -> {
			bothInside.countDown();
			return bothInside.await(10, TimeUnit.SECONDS) ? value : -1;
		}, Echo.class);
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<Integer> first = callers.submit(() -> proxy.twice(1));
			Future<Integer> second = callers.submit(() -> proxy.twice(2));
			assertThat(first.get()).isEqualTo(1);
			assertThat(second.get()).isEqualTo(2);
		}
	}

	@Test
	void classAsTheProxiedTypeIsRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pool.proxy(new ArrayList<>(), ArrayList.class))
			.withMessageContaining("java.util.ArrayList");
	}

	@Test
	void classAsAnAutowrapTypeIsRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Autowrap.types(Collection.class, ArrayList.class))
			.withMessageContaining("java.util.ArrayList");
	}

	@Test
	void autowrapNameOfAMethodWithoutAnInterfaceToProxyFailsNamingTheMethodBeforeItRuns() {
		RecordingList target = new RecordingList(List.of("a"));
		@SuppressWarnings("unchecked")
		List<String> proxy = this.pool.proxy(target, List.class, Autowrap.names("get"));
		assertThatIllegalStateException().isThrownBy(() -> proxy.get(0))
			.withMessageContaining("java.util.List.get")
			.withMessageContaining("not an interface");
		assertThat(target.steps).isEmpty();
	}

	interface Service {

		String thread();

		String read() throws IOException;

		default String threadByDefault() {
			return Thread.currentThread().getName();
		}

		default String nested() {
			return thread();
		}

	}

	interface Tree {

		Tree child();

		Tree sibling();

		String thread();

	}

	interface Echo {

		int twice(int value) throws InterruptedException;

	}

	static class ThreadReportingService implements Service {

		private final String createdOn = Thread.currentThread().getName();

		@Override
		public String thread() {
			return Thread.currentThread().getName();
		}

		@Override
		public String read() {
			return thread();
		}

		@Override
		public String toString() {
			return "service of " + this.createdOn + " seen by " + Thread.currentThread().getName();
		}

	}

	static class CallingBack extends ThreadReportingService {

		Service self;

		@Override
		public String nested() {
			return thread() + "/" + this.self.thread();
		}

	}

	static class FailingService implements Service {

		private final Throwable failure;

		FailingService(Throwable failure) {
			this.failure = failure;
		}

		@Override
		public String thread() {
			throw Tpool.<RuntimeException>sneaky(this.failure);
		}

		@Override
		public String read() throws IOException {
			throw Tpool.<IOException>sneaky(this.failure);
		}

	}

	record Node(String name, Tree next) implements Tree {

		@Override
		public Tree child() {
			return this.next;
		}

		@Override
		public Tree sibling() {
			return new Node(this.name + "'", null);
		}

		@Override
		public String thread() {
			return Thread.currentThread().getName();
		}

	}

	/** A list that records on which thread its iterator's steps and get() run. */
	static class RecordingList extends ArrayList<String> {

		final List<String> steps = new CopyOnWriteArrayList<>();

		RecordingList(List<String> elements) {
			super(elements);
		}

		@Override
		public String get(int index) {
			record("get");
			return super.get(index);
		}

		@Override
		public Iterator<String> iterator() {
			record("iterator");
			Iterator<String> iterator = super.iterator();
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					record("hasNext");
					return iterator.hasNext();
				}

				@Override
				public String next() {
					record("next");
					return iterator.next();
				}

			};
		}

		private void record(String step) {
			this.steps.add(step + "@" + Thread.currentThread().getName());
		}

	}

}
