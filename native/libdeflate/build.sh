#!/bin/sh
# Build the libdeflate binding without node-gyp (Node-API headers from the Node installation, the runtime
# libdeflate.so.0 from Debian's libdeflate0). Output: native/libdeflate/build/Release/coca_libdeflate.node.
# Failing is fine: the reader falls back to Node's zlib.
set -e
cd "$(dirname "$0")"
NODE_INCLUDE="${NODE_INCLUDE:-$(dirname "$(dirname "$(command -v node)")")/include/node}"
mkdir -p build/Release
cc -O3 -fPIC -shared -DNODE_GYP_MODULE_NAME=coca_libdeflate -I"$NODE_INCLUDE" inflate.c -o build/Release/coca_libdeflate.node -l:libdeflate.so.0
