import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { focusWindow, startXvfb, x11 } from '../helpers/x11-desktop.js';

it('probe', async () => {
  const server = await startXvfb();
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: false, env: server.env });
  const page = await browser.newPage();
  await page.setContent(`<textarea id=t></textarea><script>
    window.log=[];
    const t=document.getElementById('t');
    t.addEventListener('keydown',e=>{log.push('keydown '+e.key+' '+performance.now().toFixed(0)); const u=performance.now()+900; while(performance.now()<u){} log.push('keydown-end '+performance.now().toFixed(0));});
    t.addEventListener('paste',e=>log.push('paste '+performance.now().toFixed(0)));
    t.addEventListener('beforeinput',e=>log.push('beforeinput '+e.inputType+' '+performance.now().toFixed(0)));
  </script>`);
  const w = x11(server.env, 'xdotool', ['search', '--sync', '--onlyvisible', '--class', 'chromium']).stdout.toString().trim().split('\n').at(-1)!;
  focusWindow(server.env, w);
  await page.focus('#t');
  const t0 = performance.now();
  const child = spawn('xclip', ['-i', '-selection', 'clipboard', '-loops', '0', '-verbose'], { env: server.env, stdio: ['pipe', 'ignore', 'pipe'] });
  child.stderr.on('data', (d: Buffer) => console.log((performance.now() - t0).toFixed(0), d.toString().trim()));
  child.stdin.end('probe text');
  await new Promise((r) => setTimeout(r, 1000));
  console.log((performance.now() - t0).toFixed(0), 'sending key');
  x11(server.env, 'xdotool', ['key', '--clearmodifiers', '--delay', '2', 'ctrl+v']);
  console.log((performance.now() - t0).toFixed(0), 'key sent');
  await new Promise((r) => setTimeout(r, 2000));
  console.log(await page.evaluate(() => (window as any).log), await page.$eval('#t', (t: any) => t.value));
  child.kill();
  await browser.close();
  await server.stop();
}, 60000);
