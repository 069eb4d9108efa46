package io.tpool.demo.duckdb;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;

import org.duckdb.DuckDBDriver;
import org.jspecify.annotations.Nullable;

/**
 * A class loader that loads DuckDB's classes itself, from DuckDB's own jar, but finds no
 * native library in that jar: DuckDB's driver then fails to load its native library just
 * as it does on a platform the jar carries none for. Every other class and resource comes
 * from the parent.
 */
final class WithoutDuckDbNativeLibrary extends URLClassLoader {

	private static final String DUCKDB_PACKAGE = "org.duckdb.";

	/** DuckDB's native libraries in its jar: {@code libduckdb_java.so_<os>_<arch>}. */
	private static final String NATIVE_LIBRARY_PREFIX = "libduckdb_java";

	WithoutDuckDbNativeLibrary(ClassLoader parent) {
		super("without-duckdb-native-library", new URL[] { duckDbJar() }, parent);
	}

	private static URL duckDbJar() {
		try {
			return DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
		}
		catch (URISyntaxException | MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (!name.startsWith(DUCKDB_PACKAGE)) {
			return super.loadClass(name, resolve);
		}
		synchronized (getClassLoadingLock(name)) {
			Class<?> type = findLoadedClass(name);
			if (type == null) {
				type = findClass(name);
			}
			if (resolve) {
				resolveClass(type);
			}
			return type;
		}
	}

	@Override
	public @Nullable URL getResource(String name) {
		return name.startsWith(NATIVE_LIBRARY_PREFIX) ? null : super.getResource(name);
	}

}
