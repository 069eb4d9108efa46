package io.tpool.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The files of the repository that these tests are built from, for the tests that check
 * its documentation: found by walking up from the working directory (this module's, or
 * that of a module that runs this module's tests, such as {@code compatibility-boot-4.1})
 * to the directory with the Maven wrapper and {@code docs/}.
 */
final class RepositoryFiles {

	/** Directories that hold no documentation of the repository's own. */
	private static final Set<String> SKIPPED = Set.of(".git", ".mvn", "target", "node_modules");

	private RepositoryFiles() {
	}

	/**
	 * The repository's root directory.
	 * @return the root, absolute and normalized
	 * @throws IllegalStateException if no directory above the working directory is one
	 */
	static Path root() {
		Path start = Path.of("").toAbsolutePath().normalize();
		for (Path directory = start; directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("docs"))) {
				return directory;
			}
		}
		throw new IllegalStateException("No directory from " + start
				+ " upwards has the Maven wrapper and docs/: these tests check the repository's documentation");
	}

	/**
	 * Every Markdown file of the repository, build output and Git's own files left out.
	 * @return the files, absolute, in a stable order
	 */
	static List<Path> markdownFiles() {
		Path root = root();
		List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
					return (!directory.equals(root) && SKIPPED.contains(directory.getFileName().toString()))
							? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
						found.add(file);
					}
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Collections.sort(found);
		return List.copyOf(found);
	}

	/**
	 * Reads a file of the repository.
	 * @param file the file
	 * @return its text
	 */
	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
