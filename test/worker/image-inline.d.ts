// Vite turns `?inline` asset imports into data: URLs; used to load binary fixtures inside workerd.
declare module "*?inline" {
  const dataUrl: string;
  export default dataUrl;
}
