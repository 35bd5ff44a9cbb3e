#!/bin/sh
# Packs the WebGPU bench (scripts/bench/gpu.ts) for a Linux x64 machine with a GPU and no Node or network:
# the bundle, the node_modules files it loads at run time (tfjs's Node builds, the wasm binaries, Dawn's
# dawn.node), MNIST as the lab prepares it, and this machine's Node binary. Writes bench/gpu-pack.tar.xz
# (≈ 40 MB). On the GPU machine:
#
#   tar xJf gpu-pack.tar.xz && cd gpu-pack && ./run.sh            # prints the adapter and the step times
#
# run.sh uses the GPU's Vulkan driver; if Dawn finds none it falls back to SwiftShader only where chromium is
# installed, so on a GPU machine the first line of the output must name the GPU (e.g. "nvidia … H100").
set -eu
cd "$(dirname "$0")/../.."
npm run -s prepare-data >/dev/null
node node_modules/vite/bin/vite.js build --config scripts/bench/vite.gpu.config.ts --logLevel error
out=bench/gpu-pack
rm -rf "$out" && mkdir -p "$out/public/data" "$out/node_modules"
cp .bench/gpu/*.cjs "$out/"
cp public/data/mnist.bin "$out/public/data/"
copy() { mkdir -p "$out/node_modules/$(dirname "$1")" && cp -r "node_modules/$1" "$out/node_modules/$1"; }
for p in tfjs-core tfjs-backend-cpu tfjs-backend-wasm tfjs-backend-webgpu; do
  mkdir -p "$out/node_modules/@tensorflow/$p/dist"
  cp "node_modules/@tensorflow/$p/package.json" "node_modules/@tensorflow/$p/dist/tf-${p#tfjs-}.node.js" "$out/node_modules/@tensorflow/$p/dist/" 2>/dev/null || true
  mv "$out/node_modules/@tensorflow/$p/dist/package.json" "$out/node_modules/@tensorflow/$p/"
done
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$out/node_modules/@tensorflow/tfjs-backend-wasm/dist/"
copy @tensorflow/tfjs-backend-wasm/wasm-out
for p in long seedrandom; do copy "$p"; done
mkdir -p "$out/node_modules/webgpu/dist/linux-x64"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$out/node_modules/webgpu/dist/linux-x64/"
cp "$(command -v node)" "$out/node"
cat > "$out/run.sh" <<'RUN'
#!/bin/sh
# Adapter and step times on webgpu and wasm; extra flags go to the bench (e.g. --steps 20 --batches 512).
cd "$(dirname "$0")" && exec ./node bench-gpu.cjs "$@"
RUN
chmod +x "$out/run.sh"
tar -C bench -cJf bench/gpu-pack.tar.xz gpu-pack
ls -la bench/gpu-pack.tar.xz
