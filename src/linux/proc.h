/* The guest's view of /proc: files about the process itself that would
 * otherwise describe xlift (proc.c), and the guest CPU (cpuinfo). */
#ifndef XL_PROC_H
#define XL_PROC_H

#include <stdint.h>

/* Records what the guest's /proc files describe, from the guest's first
 * stack (argc, argv, envp, auxv at sp), and names the process after the
 * guest program, as exec does (comm: /proc/self/stat, ps). */
void xl_proc_start(const char *program, uint64_t sp);

/* For a path into this process's /proc directory (/proc/self/,
 * /proc/thread-self/, /proc/<pid>/, .../task/<tid>/), the entry it names
 * ("exe", "maps", ...); NULL for other paths. */
const char *xl_proc_own_entry(const char *path);

#endif
