import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      template: {
        // <madang-*> are custom elements (registered by @madang/widgets), not Vue components.
        compilerOptions: { isCustomElement: (tag) => tag.startsWith('madang-') },
      },
    }),
  ],
  // Relative asset URLs: the built app works from any path (the frameworks test serves it under /vue/).
  base: './',
});
