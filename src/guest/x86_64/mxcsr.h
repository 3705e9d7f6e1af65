/* ldmxcsr and stmxcsr, as runtime helpers (mxcsr.c). */
#ifndef XL_X64_MXCSR_H
#define XL_X64_MXCSR_H

#include <stdint.h>
#include "runtime/cpu.h"

void x64_mxcsr_write(struct xl_cpu *cpu, uint32_t v);
uint32_t x64_mxcsr_read(struct xl_cpu *cpu);

#endif
