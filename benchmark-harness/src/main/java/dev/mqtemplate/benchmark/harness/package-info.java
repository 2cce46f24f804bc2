/** The measuring loop every benchmark child JVM runs, whichever client it drives. */
package dev.mqtemplate.benchmark.harness;
