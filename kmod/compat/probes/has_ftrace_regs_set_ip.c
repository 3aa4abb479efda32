// SPDX-License-Identifier: GPL-2.0
/* 6.12 renamed ftrace_instruction_pointer_set(). */
#include <linux/ftrace.h>

#ifndef ftrace_regs_set_instruction_pointer
#error "no ftrace_regs_set_instruction_pointer"
#endif
