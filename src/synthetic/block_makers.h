// One random valid block per block type (internal to block_fill*.cpp). Each maker
// draws only from the block's own stream, so its bytes depend on nothing else.
#pragma once

#include "synthetic/rng.h"
#include "tensor/blocks.h"

namespace tl::synthetic {

void make_block(BlockRng& r, BlockQ4_0& b);
void make_block(BlockRng& r, BlockQ4_1& b);
void make_block(BlockRng& r, BlockQ5_0& b);
void make_block(BlockRng& r, BlockQ5_1& b);
void make_block(BlockRng& r, BlockQ8_0& b);
void make_block(BlockRng& r, BlockIQ4_NL& b);
void make_block(BlockRng& r, BlockQ2_K& b);
void make_block(BlockRng& r, BlockQ3_K& b);
void make_block(BlockRng& r, BlockQ4_K& b);
void make_block(BlockRng& r, BlockQ5_K& b);
void make_block(BlockRng& r, BlockQ6_K& b);
void make_block(BlockRng& r, BlockIQ4_XS& b);

}  // namespace tl::synthetic
