CREATE ALIAS IF NOT EXISTS THREAD_NAME FOR "io.tpool.demo.database.H2Functions.threadName";
