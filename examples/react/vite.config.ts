import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the built app works from any path (the frameworks test serves it under /react/).
  base: './',
});
