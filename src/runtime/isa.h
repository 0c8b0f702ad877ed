// Kernel ISA levels: names for --isa, the automatic choice, and whether a forced level
// can run on this machine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/cpu_features.h"
#include "util/status.h"

namespace tl {

// Ordered slowest to fastest. AmxEmu runs the AMX kernels on an emulation of the tile
// instructions (same results), so AMX code is testable without AMX hardware.
enum class Isa { Ref, Avx2, Avx512, AmxEmu, Amx };

// "ref", "avx2", "avx512", "amx-emu", "amx".
const char* isa_name(Isa isa);
// The inverse of isa_name; nullopt for anything else (case-sensitive).
std::optional<Isa> isa_from_name(std::string_view name);
// isa_from_name with an error for the user: "[runtime] unknown --isa 'x' (expected ...)".
Result<Isa> parse_isa(std::string_view name);

// The fastest level the CPU and OS support. AMX needs the OS's permission
// (request_amx_permission) as well as the CPUID bits. Never AmxEmu: it exists for tests.
Isa best_isa(const CpuFeatures& cpu, bool amx_permitted);

// Whether isa can run given these features; the error says what is missing, e.g.
// "[runtime] --isa avx512: this CPU lacks avx512bw". amx_refusal is the reason AMX
// permission was refused (ignored when amx_permitted).
Status isa_available(Isa isa, const CpuFeatures& cpu, bool amx_permitted,
                     std::string_view amx_refusal = {});

// isa_available on this machine (asks Linux for AMX permission if isa is Amx). On error
// the message is also written to *why when why is not null.
Status check_isa_available(Isa isa, std::string* why = nullptr);

}  // namespace tl
