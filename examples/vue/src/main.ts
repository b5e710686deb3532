// Registers every <madang-*> element before Vue mounts, so Vue sets `siteKey`, `poll`, … as
// properties where the element has them (it checks `key in element`).
import '@madang/widgets/poll';
import '@madang/widgets/proposal-list';
import '@madang/widgets/budget-table';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
