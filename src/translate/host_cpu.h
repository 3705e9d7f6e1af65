#ifndef XL_TRANSLATE_HOST_CPU_H
#define XL_TRANSLATE_HOST_CPU_H

/* The host CPU as LLVM names it: the name and feature string that the JIT
 * compiles for and the code store keys objects by. Asking LLVM costs ~30
 * cpuid instructions, each a trap to the hypervisor in a virtual machine
 * (6.6 us here: 0.2 ms of a 4 ms warm start), so the answer is kept in
 * STORE_DIR (NULL: none), in host-cpu-TRIPLE, for the rest of the boot,
 * the kernel's boot_id telling boots apart. Call once, before the other
 * two. */
void xl_host_cpu_init(const char *store_dir);
const char *xl_host_cpu_name(void);
const char *xl_host_cpu_features(void);

#endif
